import PayAssistCore

/// A start-up failure of the assistant (bad fixtures or configuration).
public enum AssistantSetupError: CodedError, Equatable {
    case invalidReplyCatalog(String)
    case invalidConfiguration(String)

    public var code: String {
        switch self {
        case .invalidReplyCatalog: return "invalid_reply_catalog"
        case .invalidConfiguration: return "invalid_assistant_configuration"
        }
    }

    public var message: String {
        switch self {
        case .invalidReplyCatalog(let detail): return "The reply catalog is invalid: \(detail)."
        case .invalidConfiguration(let detail): return "The assistant configuration is invalid: \(detail)."
        }
    }

    public var kind: ErrorKind { .internal }
}
