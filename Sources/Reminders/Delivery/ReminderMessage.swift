import Foundation

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
