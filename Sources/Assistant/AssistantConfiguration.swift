import Foundation

/// Tunables of the assistant. Durations are in seconds.
public struct AssistantConfiguration: Sendable {
    /// Inactivity after which a session expires.
    public var sessionTimeout: TimeInterval = 15 * 60
    /// How long after a payment the same request counts as a repeat.
    public var repeatWindow: TimeInterval = 10 * 60
    /// How long a checkout link stays valid.
    public var checkoutLinkLifetime: TimeInterval = 30 * 60
    /// Longest accepted text, in characters.
    public var maximumTextLength = 2000
    /// The dialogue rules (large-amount factor, maximum payment).
    public var policy = DialoguePolicy()

    /// The defaults above.
    public init() {}
}
