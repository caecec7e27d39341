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
    /// The bill was paid before the reminder got through (its rule stops when paid): not sent.
    case cancelled
}
