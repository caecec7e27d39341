import Foundation
import PayAssistCore

/// Customers' own reminder choices (the assistant's set_reminder / cancel_reminder). Saved in
/// SQLite with an audit entry; a choice always wins over operators' rules and re-arms the scheduler.
public final class ReminderPreferences: Sendable {
    private let store: ReminderStore
    private let scheduler: ReminderScheduler
    private let source: any ReminderSubjectSource
    private let clock: any WallClock

    init(store: ReminderStore, scheduler: ReminderScheduler, source: any ReminderSubjectSource, clock: any WallClock) {
        self.store = store
        self.scheduler = scheduler
        self.source = source
        self.clock = clock
    }

    /// Opts a customer in or out of reminders, optionally with their own local time and channel.
    ///
    /// - Parameters:
    ///   - enabled: false stops every reminder to the customer; true with no operator rule
    ///     targeting them turns on the personal rule (3 days before, on, and after the due date).
    ///   - preferredTime: hour (0...23) and minute in the customer's own zone, overriding every rule's time.
    ///   - channel: overrides every rule's channel.
    ///   - actor: who decided (defaults to "customer:<id>").
    /// - Throws: `ReminderError.customerNotFound`, `.invalidLocalTime` for a time outside 00:00...23:59.
    @discardableResult
    public func setOptIn(customerID: String, enabled: Bool, preferredTime: (hour: Int, minute: Int)? = nil, channel: ReminderChannel? = nil, actor: String? = nil) throws -> ReminderPreference {
        let time = try preferredTime.map { try LocalTime(hour: $0.hour, minute: $0.minute, field: "preferred_time") }
        return try setOptIn(customerID: customerID, enabled: enabled, localTime: time, channel: channel, actor: actor)
    }

    /// The same with an already validated `LocalTime` (nil: the rules' times).
    @discardableResult
    public func setOptIn(customerID: String, enabled: Bool, localTime: LocalTime?, channel: ReminderChannel? = nil, actor: String? = nil) throws -> ReminderPreference {
        guard !customerID.isEmpty, customerID.count <= 64, try !source.subjects(customerIDs: [customerID]).isEmpty else {
            throw ReminderError.customerNotFound(String(customerID.prefix(64)))
        }
        let preference = ReminderPreference(customerID: customerID, enabled: enabled, preferredTime: localTime, channel: channel, updatedAt: clock.now())
        try store.savePreference(preference, actor: actor ?? "customer:\(customerID)")
        scheduler.preferenceDidChange(preference)
        return preference
    }

    /// The customer's current choice, or nil when they never made one (rules alone decide).
    public func preference(customerID: String) throws -> ReminderPreference? {
        try store.preference(customerID: customerID)
    }
}
