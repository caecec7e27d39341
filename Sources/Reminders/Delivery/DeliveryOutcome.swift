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
