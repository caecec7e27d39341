import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PayAssistCore

/// Delivers a channel's reminders to an HTTP webhook: a JSON body signed with HMAC-SHA-256.
///
/// Headers: `X-PayAssist-Timestamp` (seconds), `X-PayAssist-Signature: sha256=<hex HMAC of
/// "<timestamp>.<body>" under the shared secret>`, `Idempotency-Key` (the dedupe key).
/// 2xx is delivered; 408, 429, 5xx, timeouts and network errors are retried; other 4xx fail for good.
public struct WebhookChannelAdapter: ReminderChannelAdapter {
    public let channel: ReminderChannel
    public let url: URL
    private let secret: [UInt8]
    private let transport: any WebhookTransport
    private let clock: any WallClock
    /// Seconds before an attempt counts as timed out.
    public let timeout: TimeInterval

    public init(channel: ReminderChannel, url: URL, secret: String, timeout: TimeInterval = 10, clock: any WallClock = SystemClock(),
                transport: any WebhookTransport = URLSessionWebhookTransport()) {
        self.channel = channel
        self.url = url
        self.secret = Array(secret.utf8)
        self.timeout = timeout
        self.clock = clock
        self.transport = transport
    }

    /// The signature header value for a body sent at `timestamp` (receivers recompute it).
    public static func signature(secret: [UInt8], timestamp: Int64, body: [UInt8]) -> String {
        "sha256=" + Crypto.hex(Crypto.hmacSHA256(key: secret, message: Array("\(timestamp).".utf8) + body))
    }

    public func deliver(_ message: ReminderMessage) async -> DeliveryOutcome {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let body = try? Array(encoder.encode(message)) else { return .permanent("message could not be encoded") }
        let timestamp = Int64(clock.now().timeIntervalSince1970)
        let headers = [
            "Content-Type": "application/json",
            "X-PayAssist-Timestamp": String(timestamp),
            "X-PayAssist-Signature": WebhookChannelAdapter.signature(secret: secret, timestamp: timestamp, body: body),
            "Idempotency-Key": Crypto.sha256Hex(message.dedupeKey),
        ]
        do {
            let status = try await transport.post(url: url, headers: headers, body: body, timeout: timeout)
            switch status {
            case 200..<300: return .delivered
            case 408, 429, 500...599: return .retryable("HTTP \(status)")
            default: return .permanent("HTTP \(status)")
            }
        } catch {
            return .retryable("network: \(String(describing: error).prefix(200))")
        }
    }
}

extension WebhookChannelAdapter {
    /// Webhook adapters configured by environment: `PAYASSIST_REMINDER_WEBHOOK_<CHANNEL>` (VOICE_CALL,
    /// SMS, CHAT, APP_PUSH) holds a URL, `PAYASSIST_REMINDER_WEBHOOK_SECRET` the shared HMAC secret.
    /// Channels without a URL get none (and are delivered to the log).
    ///
    /// - Throws: `ReminderError.invalidParameter` for a malformed URL or a URL without a secret of 16+ characters.
    public static func adapters(fromEnvironment environment: [String: String] = ProcessInfo.processInfo.environment,
                                clock: any WallClock = SystemClock()) throws -> [WebhookChannelAdapter] {
        var adapters: [WebhookChannelAdapter] = []
        for channel in ReminderChannel.allCases {
            let variable = "PAYASSIST_REMINDER_WEBHOOK_" + channel.rawValue.uppercased()
            guard let text = environment[variable], !text.isEmpty else { continue }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ReminderError.invalidParameter(variable, "must be an http(s) URL")
            }
            guard let secret = environment["PAYASSIST_REMINDER_WEBHOOK_SECRET"], secret.count >= 16 else {
                throw ReminderError.invalidParameter("PAYASSIST_REMINDER_WEBHOOK_SECRET", "needs at least 16 characters when a webhook URL is set")
            }
            adapters.append(WebhookChannelAdapter(channel: channel, url: url, secret: secret, clock: clock))
        }
        return adapters
    }
}
