import Billing
import Foundation
import GatewayService
import HTTPServer
import PayAssistAPI
import PayAssistCore
import Storage

/// `payassist serve`: the main job (API, assistant, checkout pages, reminders, in-process gateway).
enum ServeCommand: Subcommand {
    static let name = "serve"
    static let summary = "Run the PayAssist API on an embedded SQLite database seeded from Fixtures/."
    static let flags: [Flag] = [
        Flag("host", help: "Address to listen on.", default: "127.0.0.1", env: "PAYASSIST_HOST"),
        Flag("port", help: "TCP port to listen on (0 picks a free one).", default: "8080", env: "PAYASSIST_PORT"),
        Flag("db", help: "SQLite database path, or :memory:.", default: "./payassist.sqlite", env: "PAYASSIST_DB"),
        Flag("fixtures", help: "Fixtures folder to seed an empty database from (default: ./Fixtures of this checkout).", env: "PAYASSIST_FIXTURES"),
        Flag("keys", help: "JSON file of API keys [{key, role, label}] (default: the demo keys in Fixtures/demo/api_keys.json).", env: "PAYASSIST_API_KEYS_FILE"),
        Flag("api-keys", help: "API keys as role:key,role:key (added to --keys).", env: "PAYASSIST_API_KEYS"),
        Flag("max-body-bytes", help: "Largest request body accepted, in bytes (larger: 413).", default: "1048576", env: "PAYASSIST_MAX_BODY_BYTES"),
        Flag("max-header-bytes", help: "Largest request head accepted, in bytes (larger: 431).", default: "16384", env: "PAYASSIST_MAX_HEADER_BYTES"),
        Flag("idle-timeout", help: "Seconds a silent keep-alive connection is kept.", default: "60", env: "PAYASSIST_IDLE_TIMEOUT"),
        Flag("header-timeout", help: "Seconds a client has to send a request head.", default: "10", env: "PAYASSIST_HEADER_TIMEOUT"),
        Flag("body-timeout", help: "Seconds a client has to send a request body.", default: "30", env: "PAYASSIST_BODY_TIMEOUT"),
        Flag("gateway-url", help: "Use an external payment gateway at this base URL instead of starting one in-process.", env: "PAYASSIST_GATEWAY_URL"),
        Flag("gateway-port", help: "Port of the in-process gateway (0 picks a free one).", default: "8090", env: "PAYASSIST_GATEWAY_PORT"),
        Flag("gateway-db", help: "SQLite file of the in-process gateway (default: next to --db, or :memory: with it).", env: "PAYASSIST_GATEWAY_DB"),
        Flag("gateway-secret-key", help: "Bearer secret key of the gateway.", default: "sk_test_payassist_gateway", env: "PAYASSIST_GATEWAY_SECRET_KEY"),
        Flag("log-level", help: "debug, info, warning or error.", default: "info", env: "PAYASSIST_LOG_LEVEL"),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let logLevel = Logger.Level(rawValue: arguments.string("log-level") ?? "info") ?? .info
        let logger = Logger(label: "payassist", minimumLevel: logLevel)
        let configuration = HTTPServerConfiguration(
            host: arguments.string("host") ?? "127.0.0.1",
            port: try arguments.int("port", in: 0...65535) ?? 8080,
            maxHeaderBytes: try arguments.int("max-header-bytes", in: 1024...1 << 20) ?? 16 * 1024,
            maxBodyBytes: try arguments.int("max-body-bytes", in: 1024...1 << 30) ?? 1 << 20,
            headerTimeout: try arguments.seconds("header-timeout", in: 0.1...3600) ?? 10,
            bodyTimeout: try arguments.seconds("body-timeout", in: 0.1...3600) ?? 30,
            idleTimeout: try arguments.seconds("idle-timeout", in: 0.1...86_400) ?? 60)

        guard let fixtures = arguments.string("fixtures").map({ URL(fileURLWithPath: $0, isDirectory: true) }) ?? ProjectLayout.folder("Fixtures") else {
            throw UsageError(description: "cannot find the Fixtures folder; run from the checkout or pass --fixtures PATH")
        }
        let path = arguments.string("db") ?? "./payassist.sqlite"
        let database = try Database(path: path)
        let clock = SystemClock()
        let billing = try BillingStore(database: database)
        if let seeded = try DemoFixtures.seedIfEmpty(billing, fixtures: fixtures, now: clock.now()) {
            logger.info("seeded demo data", ["customers": "\(seeded.customers)", "accounts": "\(seeded.accounts)", "bills": "\(seeded.bills)"])
        }

        let keys = try APIKeyStore(database: database)
        var configured: [APIKeyStore.ConfiguredKey] = []
        let usingDemoKeys = arguments.string("keys") == nil && arguments.string("api-keys") == nil
        if let file = arguments.string("keys") { configured += try APIKeyStore.loadKeys(fromFile: URL(fileURLWithPath: file)) }
        if let value = arguments.string("api-keys") { configured += try APIKeyStore.parseKeys(environmentValue: value) }
        if usingDemoKeys { configured = try APIKeyStore.loadKeys(fromFile: fixtures.appendingPathComponent("demo/api_keys.json")) }
        for key in configured { try keys.register(key) }

        // The payment gateway: in-process on its own port by default, or an external one.
        let gatewaySecret = try arguments.required("gateway-secret-key")
        var inProcessGateway: GatewayServer?
        let gatewayURL: URL
        if let external = arguments.string("gateway-url") {
            guard let url = URL(string: external), url.scheme == "http" || url.scheme == "https" else {
                throw UsageError(description: "--gateway-url must be an http(s) URL")
            }
            gatewayURL = url
        } else {
            let gatewayPath = arguments.string("gateway-db") ?? ServeCommand.gatewayDatabasePath(besides: path)
            let gateway = try GatewayServer.start(databasePath: gatewayPath, host: configuration.host,
                                                  port: try arguments.int("gateway-port", in: 0...65535) ?? 8090,
                                                  secretKey: gatewaySecret, logger: logger.with(["component": "gateway"]))
            inProcessGateway = gateway
            gatewayURL = gateway.baseURL
        }
        let gatewayClient = HTTPGatewayClient(baseURL: gatewayURL, secretKey: gatewaySecret, logger: logger.with(["component": "gateway-client"]))
        _ = gatewayClient

        let context = APIContext(authenticator: Authenticator(keys: keys, billing: billing), billing: billing, clock: clock, logger: logger)
        let metrics = HTTPMetrics()
        let router = Router()
        router.registerHealthRoute(context: context, database: database)
        router.addMetricsRoute(metrics)
        router.registerAccountRoutes(context: context)

        let server = HTTPServer(configuration: configuration, responder: router, logger: logger.with(["component": "http"]), metrics: metrics)
        try server.start()
        let base = "http://\(configuration.host):\(server.port)"
        say("PayAssist \(PayAssistVersion.current) listening on \(base)  (database: \(path))")
        say("Payment gateway: \(gatewayURL.absoluteString)" + (inProcessGateway == nil ? " (external)" : " (in-process mock; test cards in README)"))
        if usingDemoKeys {
            say("Demo API keys (from Fixtures/demo/api_keys.json; pass --keys FILE or PAYASSIST_API_KEYS in production):")
            for key in configured { say("  \(key.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(key.key)") }
            say("Try:  curl -s \(base)/healthz")
            say("      curl -s -H 'Authorization: Bearer \(configured.first { $0.role == .voice }?.key ?? "KEY")' -H 'X-Customer-Id: c001' \(base)/v1/accounts/\(try billing.linkedAccounts(customerID: "c001").first?.number ?? "ACCOUNT")/bills")
        }
        let received = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
        logger.info("shutting down", ["signal": "\(received)"])
        await server.shutdown()
        await server.waitUntilStopped()
        await inProcessGateway?.shutdown()
        logger.info("stopped")
        return 0
    }
}

extension ServeCommand {
    /// The in-process gateway's own SQLite file beside the main one ("./payassist.sqlite" ->
    /// "./payassist-gateway.sqlite"); in memory when the main database is.
    static func gatewayDatabasePath(besides path: String) -> String {
        if path == ":memory:" { return ":memory:" }
        if path.hasSuffix(".sqlite") { return String(path.dropLast(".sqlite".count)) + "-gateway.sqlite" }
        return path + "-gateway"
    }
}

/// Writes a line to stdout at once (unbuffered), so the banner shows even when stdout is a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
