import Billing
import Assistant
import Foundation
import GatewayService
import IntentEngine
import Reminders
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
        Flag("intents", help: "Intents folder the intent engine trains from (default: ./Intents of the checkout).", env: "PAYASSIST_INTENTS"),
        Flag("public-url", help: "Base URL customers open checkout links at (default: http://HOST:PORT).", env: "PAYASSIST_PUBLIC_URL"),
        Flag("link-secret", help: "Checkout-link HMAC key, at least 32 characters (default: a random key kept in the database).", env: "PAYASSIST_LINK_SECRET"),
        Flag("reminder-link-hours", help: "Hours a reminder's pay link stays valid.", default: "72", env: "PAYASSIST_REMINDER_LINK_HOURS"),
        Flag("no-reminders", help: "Do not start the reminder scheduler (rules can still be edited).", boolean: true),
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
        let seeded = try DemoFixtures.seedIfEmpty(billing, fixtures: fixtures, now: clock.now())
        if let seeded {
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

        // Intent engine, reminders and the assistant; the bridge connects reminders and assistant.
        let intentsFolder = try ParseCommand.intentsFolder(arguments)
        let loadStarted = Date()
        let engine = try IntentEngine.load(from: intentsFolder)
        let ready: [String: String] = ["seconds": String(format: "%.2f", Date().timeIntervalSince(loadStarted)), "model": engine.modelOrigin.description]
        if case .trainedWithoutModelFile = engine.modelOrigin {
            logger.warning("intent engine ready", ready)
        } else {
            logger.info("intent engine ready", ready)
        }
        let payLinks = DeferredPayLinks()
        let reminders = try ReminderService(database: database, billing: billing, clock: clock,
                                            channels: try WebhookChannelAdapter.adapters(), payLinks: payLinks,
                                            logger: logger)
        if seeded != nil, try reminders.rules().isEmpty {
            // A new demo database also gets the example reminder rules, so reminders go out at once.
            let file = fixtures.appendingPathComponent("reminders/rules.json")
            let drafts = try JSONDecoder().decode([ReminderRuleDraft].self, from: Data(contentsOf: file))
            for draft in drafts { _ = try reminders.createRule(draft, actor: "demo seed") }
            logger.info("created demo reminder rules", ["rules": "\(drafts.count)", "file": "Fixtures/reminders/rules.json"])
        }
        let publicURL = arguments.string("public-url") ?? "http://\(configuration.host):\(configuration.port)"
        if arguments.string("public-url") == nil && configuration.port == 0 {
            // The port is only known after binding, but links are signed with their base URL now.
            logger.warning("--port 0 without --public-url: checkout links will name port 0; pass --public-url for working links")
        }
        let assistant = try Assistant(database: database, billing: billing, fixtures: fixtures,
                                      recognizer: IntentEngineRecognizer(engine: engine), gateway: gatewayClient,
                                      reminders: AssistantReminderBridge(preferences: reminders.preferences),
                                      linkSecret: try ServeCommand.linkSecret(arguments, database: database),
                                      clock: clock, logger: logger, publicBaseURL: publicURL)
        payLinks.set(CheckoutPayLinks(assistant: assistant, clock: clock,
                                      lifetime: Double(try arguments.int("reminder-link-hours", in: 1...720) ?? 72) * 3600, logger: logger))

        let context = APIContext(authenticator: Authenticator(keys: keys, billing: billing), billing: billing, clock: clock, logger: logger)
        let metrics = HTTPMetrics()
        let router = Router()
        router.registerHealthRoute(context: context, database: database)
        router.addMetricsRoute(metrics)
        router.registerAccountRoutes(context: context)
        router.registerAssistantRoutes(context: context, assistant: assistant)
        router.registerCheckoutRoutes(context: context, assistant: assistant)
        router.registerReminderRoutes(context: context, reminders: reminders)

        let server = HTTPServer(configuration: configuration, responder: router, logger: logger.with(["component": "http"]), metrics: metrics)
        try server.start()
        do {
            let saved = try await assistant.seedDemoCards()
            if saved > 0 { logger.info("saved demo cards at the gateway", ["customers": "\(saved)"]) }
        } catch {
            logger.warning("could not save demo cards at the gateway", ["error": String(describing: error)])
        }
        if !arguments.bool("no-reminders") { try reminders.start() }
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
        await reminders.stop()
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

extension ServeCommand {
    /// The checkout-link key: from --link-secret, else one random key kept in the database so that
    /// links handed out (and sent in reminders) survive a restart.
    static func linkSecret(_ arguments: ParsedArguments, database: Database) throws -> [UInt8] {
        if let given = arguments.string("link-secret") {
            guard given.utf8.count >= 32 else { throw UsageError(description: "--link-secret needs at least 32 characters") }
            return Array(given.utf8)
        }
        try database.migrate([Migration(id: "serve.001.secrets", sql: "CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)")])
        return try database.transaction { connection in
            if let stored = try connection.queryOne("SELECT value FROM server_secrets WHERE name = 'checkout_link'")?.string("value"),
               let bytes = Crypto.bytes(fromHex: stored), bytes.count >= 32 {
                return bytes
            }
            let fresh = Crypto.randomBytes(32)
            try connection.execute("INSERT OR REPLACE INTO server_secrets (name, value) VALUES ('checkout_link', ?)", [.text(Crypto.hex(fresh))])
            return fresh
        }
    }
}

/// Writes a line to stdout at once (unbuffered), so the banner shows even when stdout is a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
