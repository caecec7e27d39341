import PayAssistCore

/// Turns a customer's text (or a recognizer's n-best hypotheses) into a `Recognition`.
///
/// `IntentEngineRecognizer` adapts the intent engine; tests use a fake that returns chosen intents.
public protocol IntentRecognizing: Sendable {
    /// Recognizes one turn.
    ///
    /// - Parameters:
    ///   - text: the typed text or single transcript; nil when only hypotheses are given.
    ///   - hypotheses: the voice recognizer's n-best list (may be empty).
    ///   - language: the language the front end says the customer uses, if known.
    ///   - awaiting: what the assistant just asked for, so a bare answer ("两百", "1002345678") can be read as one.
    /// - Throws: a `CodedError` (invalid input) when the turn cannot be read at all.
    func recognize(text: String?, hypotheses: [TranscriptHypothesis], language: Language?, awaiting: AwaitedSlot?) throws -> Recognition

    /// The languages customers may speak or type (the reply languages, plus any the recognizer learned from data).
    var languages: [Language] { get }
}

extension IntentRecognizing {
    /// By default, the reply languages.
    public var languages: [Language] { Language.allCases }
}
