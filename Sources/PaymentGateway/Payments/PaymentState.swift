/// Where a payment is in its life. Transitions are checked by `PaymentAction.apply`; anything else is refused with a 409.
///
///     requires_action --3DS pass--> succeeded      requires_action --3DS fail--> failed
///     processing --settled--> succeeded            requires_action|processing --cancel--> canceled
///     succeeded|partially_refunded --refund--> partially_refunded|refunded
public enum PaymentState: String, Sendable, Codable, CaseIterable, Hashable {
    case succeeded
    case requiresAction = "requires_action"
    case processing
    case failed
    case canceled
    case refunded
    case partiallyRefunded = "partially_refunded"

    /// True for states no action leaves except a refund.
    public var isFinal: Bool { self == .failed || self == .canceled || self == .refunded }

    /// True when money was captured and some of it is still refundable.
    public var isRefundable: Bool { self == .succeeded || self == .partiallyRefunded }

    /// True when the payment can still be canceled (nothing captured yet).
    public var isCancelable: Bool { self == .requiresAction || self == .processing }

    /// Every transition the gateway allows.
    public func canTransition(to next: PaymentState) -> Bool {
        switch (self, next) {
        case (.requiresAction, .succeeded), (.requiresAction, .failed), (.requiresAction, .canceled),
             (.processing, .succeeded), (.processing, .failed), (.processing, .canceled),
             (.succeeded, .refunded), (.succeeded, .partiallyRefunded),
             (.partiallyRefunded, .partiallyRefunded), (.partiallyRefunded, .refunded):
            return true
        default:
            return false
        }
    }
}

/// The answer to a 3-D Secure challenge, as the challenge page reports it.
public enum ThreeDSecureResult: String, Sendable, Codable, CaseIterable {
    case pass
    case fail
}
