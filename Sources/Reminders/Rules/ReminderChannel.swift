/// How a reminder reaches the customer; each has its own adapter (webhook or log).
public enum ReminderChannel: String, Sendable, Codable, CaseIterable, Hashable {
    case voiceCall = "voice_call"
    case sms
    case chat
    case appPush = "app_push"
}

/// The state of a customer's account a rule can target, judged per bill on the reminder's day.
public enum AccountState: String, Sendable, Codable, CaseIterable, Hashable {
    /// The bill is not fully paid.
    case unpaid
    /// The bill is unpaid and its due date has passed.
    case overdue
}
