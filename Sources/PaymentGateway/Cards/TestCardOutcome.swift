/// What a test card makes the mock gateway do. Any other valid card succeeds.
public enum TestCardOutcome: Sendable, Hashable {
    /// The payment succeeds at once.
    case succeeded
    /// The issuer declines with this decline code ("insufficient_funds", "lost_card", ...).
    case declined(declineCode: String)
    /// The acquirer fails with a retryable `processing_error`.
    case processingError
    /// The payment needs a 3-D Secure challenge (`requires_action`), then passes or fails.
    case threeDSecureRequired
    /// The issuer refuses payments in a currency other than the bill's (`transaction_not_allowed`).
    case crossBorderNotAllowed
    /// The payment succeeds, but only after the configured slow-card delay (for timeout tests).
    case slow
    /// The payment stays `processing` until the settlement delay has passed, then succeeds.
    case processing

    /// The stable name used in Fixtures/gateway/test_cards.json and in the database.
    public var storageName: String {
        switch self {
        case .succeeded: return "succeeded"
        case .declined(let code): return "declined:\(code)"
        case .processingError: return "processing_error"
        case .threeDSecureRequired: return "three_d_secure_required"
        case .crossBorderNotAllowed: return "cross_border_not_allowed"
        case .slow: return "slow"
        case .processing: return "processing"
        }
    }

    /// Parses `storageName`; nil for an unknown name.
    public init?(storageName: String) {
        if storageName.hasPrefix("declined:") {
            let code = String(storageName.dropFirst("declined:".count))
            guard !code.isEmpty else { return nil }
            self = .declined(declineCode: code)
            return
        }
        switch storageName {
        case "succeeded": self = .succeeded
        case "processing_error": self = .processingError
        case "three_d_secure_required": self = .threeDSecureRequired
        case "cross_border_not_allowed": self = .crossBorderNotAllowed
        case "slow": self = .slow
        case "processing": self = .processing
        default: return nil
        }
    }
}
