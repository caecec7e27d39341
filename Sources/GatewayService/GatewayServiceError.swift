import PayAssistCore
import PaymentGateway

/// Refusals of the HTTP edge itself (authentication, injected faults, bad fault settings).
public enum GatewayServiceError: CodedError, Equatable {
    case missingAPIKey
    case invalidAPIKey
    case injectedFault
    case droppedAnswer
    case invalidFaultSettings

    public var code: String {
        switch self {
        case .missingAPIKey: return "missing_api_key"
        case .invalidAPIKey: return "invalid_api_key"
        case .injectedFault: return "injected_fault"
        case .droppedAnswer: return "gateway_unavailable"
        case .invalidFaultSettings: return "invalid_fault_settings"
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .missingAPIKey, .invalidAPIKey: return .unauthenticated
        case .injectedFault: return .internal
        case .droppedAnswer: return .unavailable
        case .invalidFaultSettings: return .invalidInput
        }
    }

    public var message: String { localizedMessage(in: .en) }

    public func localizedMessage(in language: Language) -> String {
        return GatewayMessages.text(for: code, in: language)
    }
}

/// A request body the HTTP layer could not read, with its message in the caller's language.
/// Keeps `JSONBodyError`'s code and kind; only the message is translated.
struct LocalizedBodyError: CodedError {
    let original: any CodedError
    var code: String { original.code }
    var kind: ErrorKind { original.kind }
    var message: String { original.message }
    func localizedMessage(in language: Language) -> String {
        language == .en ? original.message : GatewayMessages.text(for: code, in: language)
    }
}
