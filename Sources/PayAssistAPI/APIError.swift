import PayAssistCore

/// Failures at the API edge: authentication, roles and the customer header.
public enum APIError: CodedError, Equatable {
    case missingAPIKey
    case invalidAPIKey
    case roleNotAllowed(Role)
    case missingCustomerHeader
    case unknownCustomer(String)
    case notLinkedToAccount
    case invalidParameter(String, String)

    public var code: String {
        switch self {
        case .missingAPIKey: return "missing_api_key"
        case .invalidAPIKey: return "invalid_api_key"
        case .roleNotAllowed: return "role_not_allowed"
        case .missingCustomerHeader: return "missing_customer_id"
        case .unknownCustomer: return "customer_not_found"
        case .notLinkedToAccount: return "account_not_linked"
        case .invalidParameter: return "invalid_parameter"
        }
    }

    public var message: String {
        switch self {
        case .missingAPIKey: return "Send an API key as `Authorization: Bearer <key>`."
        case .invalidAPIKey: return "The API key is not valid."
        case .roleNotAllowed(let role): return "The \(role.rawValue) role may not use this route."
        case .missingCustomerHeader: return "Channel keys must name the customer in the X-Customer-Id header."
        case .unknownCustomer(let id): return "No customer with id \(id)."
        case .notLinkedToAccount: return "This customer is not linked to that account."
        case .invalidParameter(let name, let why): return "Parameter \(name) is invalid: \(why)."
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .missingAPIKey, .invalidAPIKey: return .unauthenticated
        case .roleNotAllowed, .notLinkedToAccount: return .forbidden
        case .missingCustomerHeader, .invalidParameter: return .invalidInput
        case .unknownCustomer: return .notFound
        }
    }
}
