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
