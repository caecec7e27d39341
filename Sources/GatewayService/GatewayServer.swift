import Foundation
import HTTPServer
import PayAssistCore
import PaymentGateway
import Storage
import Synchronization

/// The mock gateway as a running HTTP service, in one call: what `payassist gateway` runs alone and
/// what `payassist serve` starts in process on its own port.
///
/// ```swift
/// let gateway = try GatewayServer.start(databasePath: "./gateway.sqlite", port: 8090, secretKey: key)
/// let client = HTTPGatewayClient(baseURL: gateway.baseURL, secretKey: key)
/// await gateway.shutdown()
/// ```
public final class GatewayServer: Sendable {
    /// The gateway (its store, configuration and engine).
    public let engine: GatewayEngine
    /// Live fault settings.
    public let faults: FaultInjection
    /// The routes, for in-process use without the socket.
    public let router: Router
    private let server: HTTPServer
    private let webhookTask: Mutex<Task<Void, Never>?>

    private init(engine: GatewayEngine, faults: FaultInjection, router: Router, server: HTTPServer, webhookTask: Task<Void, Never>?) {
        self.engine = engine
        self.faults = faults
        self.router = router
        self.server = server
        self.webhookTask = Mutex(webhookTask)
    }

    /// A webhook subscriber: where events go and the secret that signs them.
    public struct Webhook: Sendable {
        public let url: URL
        public let secret: String
        public init(url: URL, secret: String) {
            self.url = url
            self.secret = secret
        }
    }

    /// Opens (or creates) the SQLite database at `databasePath` and starts the gateway on it.
    ///
    /// - Parameters:
    ///   - databasePath: a file path, or ":memory:".
    ///   - host: address to listen on.
    ///   - port: TCP port; 0 picks a free one (read `port` afterwards).
    ///   - secretKey: the Bearer key clients must send.
    ///   - faults: injected latency, errors and dropped answers (none by default).
    ///   - configuration: rates, test cards and limits; nil loads Fixtures/gateway.
    ///   - webhook: an optional subscriber for signed events.
    ///   - logger: request and gateway logs (never card numbers).
    public static func start(databasePath: String, host: String = "127.0.0.1", port: Int = 0, secretKey: String,
                             faults: FaultInjection = FaultInjection(), configuration: GatewayConfiguration? = nil,
                             webhook: Webhook? = nil, logger: Logger = .disabled) throws -> GatewayServer {
        try start(database: Database(path: databasePath), host: host, port: port, secretKey: secretKey, faults: faults,
                  configuration: configuration, webhook: webhook, logger: logger)
    }

    /// Starts the gateway on an open database (its `gateway_*` tables are migrated first).
    public static func start(database: Database, host: String = "127.0.0.1", port: Int = 0, secretKey: String,
                             faults: FaultInjection = FaultInjection(), configuration: GatewayConfiguration? = nil,
                             webhook: Webhook? = nil, logger: Logger = .disabled) throws -> GatewayServer {
        let engine = try GatewayEngine(store: GatewayStore(database: database),
                                       configuration: configuration ?? GatewayConfiguration.fromFixtures(), logger: logger)
        let router = GatewayRoutes.makeRouter(engine: engine, secretKey: secretKey, faults: faults, logger: logger)
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: host, port: port), responder: router, logger: logger)
        try server.start()
        var task: Task<Void, Never>?
        if let webhook {
            let dispatcher = WebhookDispatcher(engine: engine, url: webhook.url, secret: webhook.secret, logger: logger)
            task = Task { await dispatcher.run() }
        }
        return GatewayServer(engine: engine, faults: faults, router: router, server: server, webhookTask: task)
    }

    /// The bound port.
    public var port: Int { server.port }

    /// "http://host:port", for `HTTPGatewayClient(baseURL:secretKey:)`.
    public var baseURL: URL {
        let host = server.configuration.host.contains(":") ? "[\(server.configuration.host)]" : server.configuration.host
        return URL(string: "http://\(host):\(port)")!
    }

    /// Stops the webhook dispatcher, lets in-flight requests finish and closes the socket.
    public func shutdown() async {
        webhookTask.withLock { $0?.cancel() }
        await server.shutdown()
    }
}
