import Foundation
import PayAssistCore
import PaymentGateway

/// Delivers every gateway event, in order, to one subscriber URL, signed with `WebhookSignature`.
///
/// A delivery that fails (network error or non-2xx) is retried with exponential backoff; after the
/// last try the dispatcher stops at that event and starts again from it on the next pass, so events
/// are delivered at least once and never out of order. The cursor is kept in the gateway's settings
/// table, so a restart resumes where it stopped.
public final class WebhookDispatcher: Sendable {
    private let engine: GatewayEngine
    private let transport: any GatewayTransport
    private let secret: String
    private let clock: any WallClock
    private let logger: Logger
    /// Tries per event in one pass.
    public let maxAttempts: Int
    /// The first retry wait, seconds (doubled each try).
    public let initialDelay: Double
    private static let cursorSetting = "webhook_cursor"

    /// A dispatcher posting to `url` over URLSession.
    public convenience init(engine: GatewayEngine, url: URL, secret: String, clock: any WallClock = SystemClock(), logger: Logger = .disabled) {
        self.init(engine: engine, transport: URLSessionGatewayTransport(baseURL: url), secret: secret, clock: clock, logger: logger)
    }

    /// A dispatcher over any transport; requests go to the transport's base with an empty path.
    public init(engine: GatewayEngine, transport: any GatewayTransport, secret: String, clock: any WallClock = SystemClock(),
                logger: Logger = .disabled, maxAttempts: Int = 5, initialDelay: Double = 0.5) {
        self.engine = engine
        self.transport = transport
        self.secret = secret
        self.clock = clock
        self.logger = logger
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
    }

    /// Delivers the events after the stored cursor; returns how many were delivered in this pass.
    @discardableResult
    public func deliverPending(batchSize: Int = 100) async throws -> Int {
        var delivered = 0
        while true {
            let cursor = try engine.store.setting(WebhookDispatcher.cursorSetting)
            let page = try engine.eventPage(after: cursor, limit: batchSize)
            for event in page.events {
                guard try await deliver(event) else { return delivered }
                try engine.store.setSetting(WebhookDispatcher.cursorSetting, to: String(event.sequence))
                delivered += 1
            }
            if !page.hasMore { return delivered }
        }
    }

    /// Polls for new events every `interval` seconds until the task is cancelled.
    public func run(interval: Double = 1) async {
        while !Task.isCancelled {
            do {
                try await deliverPending()
            } catch {
                logger.error("webhook pass failed", ["error": String(describing: type(of: error))])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }

    private func deliver(_ event: GatewayEvent) async throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Array(try encoder.encode(event))
        for attempt in 1...maxAttempts {
            let timestamp = Int64(clock.now().timeIntervalSince1970)
            let request = GatewayWireRequest(method: "POST", path: "", headers: [
                "Content-Type": "application/json",
                WebhookSignature.header: WebhookSignature.sign(body: body, secret: secret, timestamp: timestamp),
                "PayAssist-Event-Id": event.id,
            ], body: body)
            do {
                let response = try await transport.send(request, timeout: 10)
                if (200..<300).contains(response.status) { return true }
                logger.warning("webhook refused", ["event": event.id, "status": String(response.status), "attempt": String(attempt)])
            } catch {
                logger.warning("webhook unreachable", ["event": event.id, "attempt": String(attempt)])
            }
            if attempt < maxAttempts { try await Task.sleep(for: .seconds(initialDelay * pow(2, Double(attempt - 1)))) }
        }
        return false
    }
}
