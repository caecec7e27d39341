import Foundation
import GatewayService
import HTTPServer
import PayAssistCore
import PaymentGateway

/// `payassist gateway`: runs the mock cross-border card gateway alone.
enum GatewayCommand: Subcommand {
    static let name = "gateway"
    static let summary = "Run the mock cross-border payment gateway (/gateway/v1) on its own port and SQLite file."
    static let flags: [Flag] = [
        Flag("host", help: "Address to listen on.", default: "127.0.0.1", env: "PAYASSIST_GATEWAY_HOST"),
        Flag("port", help: "TCP port to listen on (0 picks a free one).", default: "8090", env: "PAYASSIST_GATEWAY_PORT"),
        Flag("db", help: "SQLite database path, or :memory:.", default: "./gateway.sqlite", env: "PAYASSIST_GATEWAY_DB"),
        Flag("secret-key", help: "Bearer secret key clients must send.", default: "sk_test_payassist_gateway", env: "PAYASSIST_GATEWAY_SECRET_KEY"),
        Flag("latency-ms", help: "Latency added to every request, milliseconds.", default: "0"),
        Flag("error-rate", help: "Share of requests answered 500 injected_fault (0...1).", default: "0"),
        Flag("drop-rate", help: "Share of requests whose answer is withheld, then the connection closed (0...1).", default: "0"),
        Flag("drop-hold-ms", help: "How long a dropped answer is withheld, milliseconds.", default: "2000"),
        Flag("slow-card-delay", help: "Seconds the slow test card takes to answer.", default: "3"),
        Flag("webhook-url", help: "Subscriber URL that receives every event, HMAC-signed.", env: "PAYASSIST_GATEWAY_WEBHOOK_URL"),
        Flag("webhook-secret", help: "Secret that signs webhook events.", env: "PAYASSIST_GATEWAY_WEBHOOK_SECRET"),
        Flag("quiet", help: "Log warnings and errors only.", boolean: true),
    ]
    static let details = "Test cards and the API are listed in README.md (section \"Mock cross-border payment gateway\")."

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let settings = FaultInjection.Settings(
            latencyMilliseconds: try arguments.int("latency-ms", in: 0...60_000) ?? 0,
            errorRate: try rate(arguments, "error-rate"), dropRate: try rate(arguments, "drop-rate"),
            dropHoldMilliseconds: try arguments.int("drop-hold-ms", in: 0...60_000) ?? 2_000)
        guard settings.isValid else { throw UsageError(description: "--error-rate plus --drop-rate must be at most 1") }
        var configuration = try GatewayConfiguration.fromFixtures()
        configuration.slowCardDelay = try arguments.seconds("slow-card-delay", in: 0...600) ?? 3
        var webhook: GatewayServer.Webhook?
        if let text = arguments.string("webhook-url") {
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw UsageError(description: "--webhook-url must be an http(s) URL")
            }
            guard let secret = arguments.string("webhook-secret"), !secret.isEmpty else {
                throw UsageError(description: "--webhook-url needs --webhook-secret")
            }
            webhook = GatewayServer.Webhook(url: url, secret: secret)
        }
        let logger = Logger(label: "gateway", minimumLevel: arguments.bool("quiet") ? .warning : .info)
        let gateway = try GatewayServer.start(
            databasePath: try arguments.required("db"), host: try arguments.required("host"),
            port: try arguments.int("port", in: 0...65_535) ?? 8090, secretKey: try arguments.required("secret-key"),
            faults: FaultInjection(settings), configuration: configuration, webhook: webhook, logger: logger)
        // Written unbuffered: a parent process (bench gateway --kill-test) waits for this line on a pipe.
        FileHandle.standardOutput.write(Data("gateway listening on \(gateway.baseURL.absoluteString) (rates as of \(configuration.rates.asOf))\n".utf8))
        let signal = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
        logger.info("gateway stopping", ["signal": String(signal)])
        await gateway.shutdown()
        return 0
    }

    private static func rate(_ arguments: ParsedArguments, _ name: String) throws -> Double {
        guard let value = Double(arguments.string(name) ?? "0"), (0...1).contains(value) else {
            throw UsageError(description: "--\(name) must be a share in 0...1")
        }
        return value
    }
}
