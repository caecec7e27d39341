import PayAssistCore

/// Where the assistant records a customer's reminder opt-in and opt-out; the reminder scheduler
/// implements it (the integrator connects them), so the Assistant target does not depend on Reminders.
public protocol ReminderPreferenceSink: Sendable {
    /// The customer asks for bill reminders, optionally at a local time of day and for one account.
    func setReminder(customerID: String, accountNumber: String?, time: LocalTimeOfDay?, language: Language) async throws
    /// The customer asks for no more reminders.
    func cancelReminder(customerID: String, accountNumber: String?) async throws
}

/// A sink that keeps preferences in memory: for tests and for running without the scheduler.
public actor InMemoryReminderPreferences: ReminderPreferenceSink {
    /// One recorded preference.
    public struct Preference: Sendable, Equatable {
        public let customerID: String
        public let accountNumber: String?
        public let time: LocalTimeOfDay?
        public let enabled: Bool
    }

    /// Every preference recorded, in order.
    public private(set) var preferences: [Preference] = []

    public init() {}

    public func setReminder(customerID: String, accountNumber: String?, time: LocalTimeOfDay?, language: Language) async throws {
        preferences.append(Preference(customerID: customerID, accountNumber: accountNumber, time: time, enabled: true))
    }

    public func cancelReminder(customerID: String, accountNumber: String?) async throws {
        preferences.append(Preference(customerID: customerID, accountNumber: accountNumber, time: nil, enabled: false))
    }
}
