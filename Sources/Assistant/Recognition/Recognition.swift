import Billing
import Foundation
import PayAssistCore

/// What a recognizer understood from one customer turn: intent, calibrated confidence, language, slots.
public struct Recognition: Sendable, Equatable {
    /// The recognized intent (`out_of_scope` when nothing in scope is likely enough).
    public var intent: AssistantIntent
    /// Calibrated probability that `intent` is right, 0...1.
    public var confidence: Double
    /// True when the recognizer is sure enough for the assistant to act on the intent.
    /// A turn that is not confident never moves a payment forward.
    public var isConfident: Bool
    /// The language of the utterance, when the recognizer detected or was told it.
    public var language: Language?
    /// Values found in the utterance.
    public var slots: RecognizedSlots
    /// The text the recognizer used (the chosen hypothesis for n-best input).
    public var text: String

    public init(intent: AssistantIntent, confidence: Double, isConfident: Bool, language: Language?, slots: RecognizedSlots = RecognizedSlots(), text: String) {
        self.intent = intent
        self.confidence = confidence
        self.isConfident = isConfident
        self.language = language
        self.slots = slots
        self.text = text
    }
}

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

/// A local time of day (hour 0...23, minute 0...59), for reminders.
public struct LocalTimeOfDay: Sendable, Hashable, Codable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// Creates a time; nil when out of range.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// "08:30".
    public var description: String { String(format: "%02d:%02d", hour, minute) }
}

/// One speech-recognizer hypothesis: a transcript and the recognizer's confidence (0...1).
public struct TranscriptHypothesis: Sendable, Equatable, Codable {
    public var text: String
    public var confidence: Double?

    public init(text: String, confidence: Double? = nil) {
        self.text = text
        self.confidence = confidence
    }
}
