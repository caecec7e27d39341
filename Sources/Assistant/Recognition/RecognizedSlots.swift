import Billing
import PayAssistCore

/// The slot values of one utterance. Every field is optional.
public struct RecognizedSlots: Sendable, Equatable, Codable {
    /// An amount of money (minor units + currency).
    public var amount: Money?
    /// A 10-digit account number, digits only.
    public var account: String?
    /// The billing month asked about.
    public var period: YearMonth?
    /// The language the customer asked for (change_language).
    public var language: Language?
    /// A local time of day (reminders).
    public var time: LocalTimeOfDay?

    public init(amount: Money? = nil, account: String? = nil, period: YearMonth? = nil, language: Language? = nil, time: LocalTimeOfDay? = nil) {
        self.amount = amount
        self.account = account
        self.period = period
        self.language = language
        self.time = time
    }

    /// True when the utterance names an account or an amount: a payment correction.
    public var changesPayment: Bool { amount != nil || account != nil }
}
