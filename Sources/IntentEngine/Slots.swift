import PayAssistCore

/// The values an utterance carries besides its intent. Every field is optional.
public struct Slots: Sendable, Hashable, Codable {
    /// An amount of money ("120块5" is 120.50 CNY); CNY when the utterance names no currency.
    public var amount: Money?
    /// A 10-digit account number, digits only.
    public var account: String?
    /// The billing month asked about (relative ones resolved against the reference date).
    public var period: YearMonth?
    /// The language the user asked for (change_language).
    public var language: Language?
    /// A local time of day (reminders).
    public var time: TimeOfDay?

    /// Creates slots.
    public init(amount: Money? = nil, account: String? = nil, period: YearMonth? = nil, language: Language? = nil, time: TimeOfDay? = nil) {
        self.amount = amount
        self.account = account
        self.period = period
        self.language = language
        self.time = time
    }

    /// True when no slot is filled.
    public var isEmpty: Bool { amount == nil && account == nil && period == nil && language == nil && time == nil }
}
