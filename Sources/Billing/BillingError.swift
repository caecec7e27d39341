import PayAssistCore

/// Failures of the billing data: unknown customers or accounts, bad account numbers, bad fixtures.
public enum BillingError: CodedError, Equatable {
    case customerNotFound(String)
    case accountNotFound(String)
    case invalidAccountNumber(String)
    case invalidAmount(String)
    case invalidFixture(String)

    public var code: String {
        switch self {
        case .customerNotFound: return "customer_not_found"
        case .accountNotFound: return "account_not_found"
        case .invalidAccountNumber: return "invalid_account_number"
        case .invalidAmount: return "invalid_amount"
        case .invalidFixture: return "invalid_fixture"
        }
    }

    public var message: String {
        switch self {
        case .customerNotFound(let id): return "No customer with id \(id)."
        case .accountNotFound(let number): return "No electricity account \(number)."
        case .invalidAccountNumber: return "An account number has exactly 10 digits."
        case .invalidAmount(let detail): return "Invalid amount: \(detail)."
        case .invalidFixture(let detail): return "The fixture data is invalid: \(detail)."
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .customerNotFound, .accountNotFound: return .notFound
        case .invalidAccountNumber, .invalidAmount: return .invalidInput
        case .invalidFixture: return .internal
        }
    }
}
