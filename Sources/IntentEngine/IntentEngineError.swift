import PayAssistCore

/// Why the intent engine refused an input or could not load its data.
public enum IntentEngineError: CodedError, Equatable {
    /// The text is empty or only whitespace.
    case emptyText
    /// The text is longer than `limit` UTF-8 bytes.
    case textTooLong(limit: Int)
    /// The language tag names no language the engine has phrases for (`supported` lists those).
    case invalidLanguage(String, supported: [Language])
    /// A hypothesis confidence is not a finite number in 0...1.
    case confidenceOutOfRange(index: Int)
    /// A hypothesis has no text.
    case hypothesisWithoutText(index: Int)
    /// No hypotheses were given.
    case noHypotheses
    /// More hypotheses than `limit` were given.
    case tooManyHypotheses(limit: Int)
    /// The Intents/ folder is missing or a file in it is malformed.
    case invalidData(String)

    public var code: String {
        switch self {
        case .emptyText: return "empty_text"
        case .textTooLong: return "text_too_long"
        case .invalidLanguage: return "invalid_language"
        case .confidenceOutOfRange: return "confidence_out_of_range"
        case .hypothesisWithoutText: return "hypothesis_without_text"
        case .noHypotheses: return "no_hypotheses"
        case .tooManyHypotheses: return "too_many_hypotheses"
        case .invalidData: return "invalid_intent_data"
        }
    }

    public var message: String {
        switch self {
        case .emptyText: return "The text is empty."
        case .textTooLong(let limit): return "The text is longer than \(limit) bytes."
        case .invalidLanguage(let tag, let supported): return "Unsupported language code '\(tag.prefix(40))'; use one of \(supported.map(\.rawValue).joined(separator: ", "))."
        case .confidenceOutOfRange(let index): return "Hypothesis \(index) has a confidence outside 0...1."
        case .hypothesisWithoutText(let index): return "Hypothesis \(index) has no text."
        case .noHypotheses: return "Give a text or at least one hypothesis."
        case .tooManyHypotheses(let limit): return "At most \(limit) hypotheses are accepted."
        case .invalidData(let reason): return "Intent data is invalid: \(reason)"
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .textTooLong, .tooManyHypotheses: return .tooLarge
        case .invalidData: return .internal
        default: return .invalidInput
        }
    }
}
