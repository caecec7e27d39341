import Foundation

/// Where a reminder in the outbox stands.
public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    /// Written to the outbox, waiting for (another) delivery attempt.
    case pending
    /// Accepted by the channel's webhook.
    case delivered
    /// No webhook is configured for the channel: written to the log instead (demo mode).
    case logged
    /// The channel refused it for good (a 4xx answer); not retried.
    case failed
    /// Every retry failed; kept as a dead letter for an operator.
    case dead
    /// It fell due while the service was down and the rule's grace window had passed: not sent.
    case missed
}

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

/// A change to a rule or a preference: who, when, and the JSON before and after.
public struct ReminderAuditEntry: Sendable, Equatable, Codable {
    public let id: Int64
    /// The rule id, or "preference:<customer id>".
    public let subject: String
    /// create, update, delete, pause, resume, opt_in, opt_out.
    public let action: String
    /// The API key label of the operator, or "customer:<id>" for a customer's own choice.
    public let actor: String
    public let at: Date
    public let before: String?
    public let after: String?
}
