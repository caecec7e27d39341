import PayAssistCore

/// Why a gateway call failed, as a client sees it. A decline is never one of these (it is a failed `Payment`).
public enum GatewayClientError: CodedError, Equatable {
    /// No answer within the timeout, after every retry.
    case timedOut
    /// The gateway could not be reached or kept failing (5xx, dropped connections), after every retry.
    case unavailable(detail: String)
    /// The gateway refused the request with a 4xx coded error; `code` is the server's stable code.
    case rejected(status: Int, code: String, message: String)
    /// The gateway answered something that is not the expected JSON.
    case invalidResponse(status: Int)

    public var code: String {
        switch self {
        case .timedOut: return "gateway_timeout"
        case .unavailable: return "gateway_unavailable"
        case .rejected(_, let code, _): return code
        case .invalidResponse: return "gateway_invalid_response"
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .timedOut, .unavailable, .invalidResponse: return .unavailable
        case .rejected(let status, _, _):
            switch status {
            case 401: return .unauthenticated
            case 403: return .forbidden
            case 404: return .notFound
            case 409: return .conflict
            case 410: return .gone
            case 413: return .tooLarge
            case 422: return .unprocessable
            case 429: return .rateLimited
            default: return .invalidInput
            }
        }
    }

    public var message: String {
        if case .rejected(_, _, let message) = self { return message }
        return GatewayMessages.text(for: code, in: .en)
    }

    /// The server's message was already localized by `Accept-Language`; transport errors use the table.
    public func localizedMessage(in language: Language) -> String {
        if case .rejected(_, let code, let message) = self {
            return GatewayMessages.table[code] != nil ? GatewayMessages.text(for: code, in: language) : message
        }
        return GatewayMessages.text(for: code, in: language)
    }
}
