import Foundation
import PayAssistCore

/// What a channel adapter is asked to deliver.
public struct ReminderMessage: Sendable, Equatable, Codable {
    /// customer|rule|bill|local date: also sent as the webhook's Idempotency-Key, so a receiver
    /// can drop a repeat if the service crashed between its answer and our bookkeeping.
    public let dedupeKey: String
    public let deliveryID: Int64
    public let customerID: String
    public let ruleID: String
    public let billID: String
    public let accountNumber: String
    public let channel: ReminderChannel
    public let language: String
    public let text: String
    public let scheduledAt: Date

    init(_ delivery: ReminderDelivery) {
        dedupeKey = delivery.dedupeKey
        deliveryID = delivery.id
        customerID = delivery.customerID
        ruleID = delivery.ruleID
        billID = delivery.billID
        accountNumber = delivery.accountNumber
        channel = delivery.channel
        language = delivery.language
        text = delivery.text
        scheduledAt = delivery.scheduledAt
    }

    enum CodingKeys: String, CodingKey {
        case channel, language, text
        case dedupeKey = "dedupe_key"
        case deliveryID = "delivery_id"
        case customerID = "customer_id"
        case ruleID = "rule_id"
        case billID = "bill_id"
        case accountNumber = "account_number"
        case scheduledAt = "scheduled_at"
    }
}

/// How one delivery attempt ended.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The channel accepted it.
    case delivered
    /// Written to the log because the channel has no webhook (demo mode).
    case logged
    /// Worth retrying later (timeout, 5xx, 429, connection refused).
    case retryable(String)
    /// Never worth retrying (4xx: the receiver rejects this message).
    case permanent(String)
}

/// Delivers reminders on one channel. Implementations: `WebhookChannelAdapter` (HTTP, HMAC-signed)
/// and `LogChannelAdapter` (demo mode without a webhook).
public protocol ReminderChannelAdapter: Sendable {
    /// The channel this adapter serves.
    var channel: ReminderChannel { get }
    /// Tries to deliver one message; never throws, the outcome says what happened.
    func deliver(_ message: ReminderMessage) async -> DeliveryOutcome
}

/// Demo mode: "delivers" by writing one log line (without the text's pay link) and marks the
/// reminder `logged`. Used for every channel that has no webhook URL configured.
public struct LogChannelAdapter: ReminderChannelAdapter {
    public let channel: ReminderChannel
    private let logger: Logger

    public init(channel: ReminderChannel, logger: Logger) {
        self.channel = channel
        self.logger = logger
    }

    public func deliver(_ message: ReminderMessage) async -> DeliveryOutcome {
        logger.info("reminder delivered to log (no webhook configured)", [
            "channel": channel.rawValue, "customer": message.customerID, "rule": message.ruleID,
            "bill": message.billID, "language": message.language, "delivery": String(message.deliveryID),
        ])
        return .logged
    }
}
