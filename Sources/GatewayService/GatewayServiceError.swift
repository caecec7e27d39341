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
        if self == .invalidFaultSettings { return "Fault settings out of range: rates 0...1 summing to at most 1, times 0...60000 ms." }
        return GatewayMessages.text(for: code, in: language)
    }
}
