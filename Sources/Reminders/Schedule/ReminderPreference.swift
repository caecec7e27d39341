import Foundation

/// A customer's own choice, from the assistant's set_reminder / cancel_reminder. It always wins
/// over the operators' rules: opted out means no reminders at all; opted in with a time or a
/// channel overrides every rule's; opted in while no rule targets the customer uses the
/// personal rule (see `ReminderSettings.personalRule`).
public struct ReminderPreference: Sendable, Equatable, Codable {
    public let customerID: String
    /// false: opted out of every reminder.
    public let enabled: Bool
    /// Local time the customer wants reminders at, in their own time zone.
    public let preferredTime: LocalTime?
    /// The channel the customer wants reminders on.
    public let channel: ReminderChannel?
    /// Changes apply to reminders due after this instant.
    public let updatedAt: Date

    public init(customerID: String, enabled: Bool, preferredTime: LocalTime? = nil, channel: ReminderChannel? = nil, updatedAt: Date) {
        self.customerID = customerID
        self.enabled = enabled
        self.preferredTime = preferredTime
        self.channel = channel
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case enabled, channel
        case customerID = "customer_id"
        case preferredTime = "preferred_time"
        case updatedAt = "updated_at"
    }
}
