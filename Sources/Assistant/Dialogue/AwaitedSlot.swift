/// What the assistant waits for in a payment flow.
public enum AwaitedSlot: String, Sendable, Codable, Equatable {
    case account
    case amount
    case confirmation
}
