import PayAssistCore

/// Why the gateway refused a request. Each case has a stable machine code and a message in
/// every PayAssist language (`GatewayMessages`); a card decline is not an error but a failed `Payment`.
public enum GatewayError: CodedError, Equatable {
    // Card input (400)
    case invalidCardNumber
    case unsupportedCardNetwork
    case invalidExpiryDate
    case cardExpired
    case invalidCVC
    case invalidHolderName
    // Amounts and currencies (400)
    case unknownCurrency
    case unsupportedCurrency
    case invalidAmount
    case tooManyDecimals
    case amountOverLimit
    case refundExceedsCaptured
    // Request shape (400)
    case invalidPaymentMethod
    case invalidReference
    case quoteMismatch
    case invalidThreeDSecureResult
    case idempotencyKeyMissing
    case idempotencyKeyInvalid
    case invalidCursor
    // Lookups (404, 410)
    case paymentNotFound
    case cardTokenNotFound
    case quoteNotFound
    case quoteExpired
    // Conflicts (409): nothing was changed
    case idempotencyKeyReused
    case requestInProgress
    case paymentNotRefundable
    case paymentNotCancelable
    case paymentNotAwaitingAuthentication

    public var code: String {
        switch self {
        case .invalidCardNumber: return "invalid_card_number"
        case .unsupportedCardNetwork: return "unsupported_card_network"
        case .invalidExpiryDate: return "invalid_expiry_date"
        case .cardExpired: return "card_expired"
        case .invalidCVC: return "invalid_cvc"
        case .invalidHolderName: return "invalid_holder_name"
        case .unknownCurrency: return "unknown_currency"
        case .unsupportedCurrency: return "unsupported_currency"
        case .invalidAmount: return "invalid_amount"
        case .tooManyDecimals: return "too_many_decimals"
        case .amountOverLimit: return "amount_over_limit"
        case .refundExceedsCaptured: return "refund_exceeds_captured"
        case .invalidPaymentMethod: return "invalid_payment_method"
        case .invalidReference: return "invalid_reference"
        case .quoteMismatch: return "quote_mismatch"
        case .invalidThreeDSecureResult: return "invalid_three_d_secure_result"
        case .idempotencyKeyMissing: return "idempotency_key_missing"
        case .idempotencyKeyInvalid: return "idempotency_key_invalid"
        case .invalidCursor: return "invalid_cursor"
        case .paymentNotFound: return "payment_not_found"
        case .cardTokenNotFound: return "card_token_not_found"
        case .quoteNotFound: return "quote_not_found"
        case .quoteExpired: return "quote_expired"
        case .idempotencyKeyReused: return "idempotency_key_reused"
        case .requestInProgress: return "request_in_progress"
        case .paymentNotRefundable: return "payment_not_refundable"
        case .paymentNotCancelable: return "payment_not_cancelable"
        case .paymentNotAwaitingAuthentication: return "payment_not_awaiting_authentication"
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .paymentNotFound, .cardTokenNotFound, .quoteNotFound: return .notFound
        case .quoteExpired: return .gone
        case .idempotencyKeyReused, .requestInProgress, .paymentNotRefundable, .paymentNotCancelable,
             .paymentNotAwaitingAuthentication: return .conflict
        default: return .invalidInput
        }
    }

    /// Every case, for tests that check each has a message in every language.
    public static let allCases: [GatewayError] = [
        .invalidCardNumber, .unsupportedCardNetwork, .invalidExpiryDate, .cardExpired, .invalidCVC, .invalidHolderName,
        .unknownCurrency, .unsupportedCurrency, .invalidAmount, .tooManyDecimals, .amountOverLimit, .refundExceedsCaptured,
        .invalidPaymentMethod, .invalidReference, .quoteMismatch, .invalidThreeDSecureResult, .idempotencyKeyMissing,
        .idempotencyKeyInvalid, .invalidCursor, .paymentNotFound, .cardTokenNotFound, .quoteNotFound, .quoteExpired,
        .idempotencyKeyReused, .requestInProgress, .paymentNotRefundable, .paymentNotCancelable, .paymentNotAwaitingAuthentication,
    ]

    public var message: String { localizedMessage(in: .en) }

    public func localizedMessage(in language: Language) -> String {
        GatewayMessages.text(for: code, in: language)
    }
}
