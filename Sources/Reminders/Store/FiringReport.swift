/// What one firing wrote to the outbox.
public struct FiringReport: Sendable, Equatable {
    /// New reminders waiting for delivery.
    public var written = 0
    /// Reminders recorded as missed (due while down, past the grace window).
    public var missed = 0
    /// Reminders whose dedupe key was already in the outbox (after a crash or a rule edit).
    public var deduplicated = 0
    /// Reminders held back because another rule already reminded the customer of the bill that
    /// day, or the customer reached the daily limit (after rules changed during the day).
    public var suppressed = 0

    public init() {}

    public static func += (lhs: inout FiringReport, rhs: FiringReport) {
        lhs.written += rhs.written
        lhs.missed += rhs.missed
        lhs.deduplicated += rhs.deduplicated
        lhs.suppressed += rhs.suppressed
    }
}
