import PayAssistCore

/// What the engine understood from an utterance: intent, calibrated confidence, language and slots.
public struct IntentResult: Sendable {
    /// The recognized intent (`out_of_scope` when nothing in scope is likely enough).
    public let intent: IntentName
    /// Calibrated probability that `intent` is right, 0...1.
    public let confidence: Double
    /// The language of the utterance (given by the caller or detected).
    public let language: Language
    /// Values found in the utterance.
    public let slots: Slots
    /// The next most likely intents with their calibrated probabilities, best first.
    public let alternatives: [(intent: IntentName, confidence: Double)]
    /// The utterance after normalization (Simplified script, folded case, fillers dropped, numerals as digits).
    public let normalizedText: String
    /// Index of the hypothesis the result came from (n-best input), nil for plain text.
    public let chosenHypothesis: Int?
    /// The score compared with the language's out-of-scope threshold: the best in-scope intent's
    /// probability plus half of the other in-scope intents' (a message torn between two bill intents is
    /// still clearly in scope), 0...1.
    public let inScopeScore: Double
    /// True when `inScopeScore` cleared what the intent needs (`IntentEngine.requiredScore(for:language:)`:
    /// the language's out-of-scope threshold, plus a margin for the intents every assistant has), so
    /// the assistant may act on `intent`.
    public let isConfident: Bool
}
