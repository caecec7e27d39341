import Foundation

/// One reminder in the outbox: what was due, for whom, its text and its delivery state.
public struct ReminderDelivery: Sendable, Equatable, Codable {
    public let id: Int64
    public let customerID: String
    public let ruleID: String
    public let billID: String
    public let accountNumber: String
    /// The trigger day in the customer's zone ("2026-11-28").
    public let localDate: String
    public let channel: ReminderChannel
    public let language: String
    /// The rendered text.
    public let text: String
    /// When it was due.
    public let scheduledAt: Date
    /// When the scheduler wrote it.
    public let createdAt: Date
    public let state: DeliveryState
    /// Delivery attempts so far.
    public let attempts: Int
    /// When the next attempt is due (pending only).
    public let nextAttemptAt: Date?
    public let lastError: String?
    public let deliveredAt: Date?

    /// customer|rule|bill|local date, unique in the outbox.
    public var dedupeKey: String { "\(customerID)|\(ruleID)|\(billID)|\(localDate)" }

    enum CodingKeys: String, CodingKey {
        case id, channel, language, text, state, attempts
        case customerID = "customer_id"
        case ruleID = "rule_id"
        case billID = "bill_id"
        case accountNumber = "account_number"
        case localDate = "local_date"
        case scheduledAt = "scheduled_at"
        case createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case deliveredAt = "delivered_at"
    }
}
