/// How a reminder reaches the customer; each has its own adapter (webhook or log).
public enum ReminderChannel: String, Sendable, Codable, CaseIterable, Hashable {
    case voiceCall = "voice_call"
    case sms
    case chat
    case appPush = "app_push"
}
