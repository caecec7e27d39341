import PayAssistCore

/// What the front end is told about a gateway payment.
public struct PaymentSummary: Sendable, Equatable {
    /// The card as network and last four digits.
    public struct Card: Sendable, Encodable, Equatable {
        public let network: String
        public let last4: String
    }

    /// What the payer must do next (a 3-D Secure challenge).
    public struct NextStep: Sendable, Encodable, Equatable {
        public let type: String
        public let url: String
    }

    /// Why the payment failed: stable code, issuer's decline code, localized message.
    public struct Failure: Sendable, Encodable, Equatable {
        public let code: String
        public let declineCode: String?
        public let message: String

        enum CodingKeys: String, CodingKey {
            case code, message
            case declineCode = "decline_code"
        }
    }

    public let id: String
    public let status: String
    public let amount: AmountBody
    public let payerTotal: AmountBody?
    public let fee: AmountBody?
    public let rate: String?
    public let card: Card
    public let nextAction: NextStep?
    public let error: Failure?
}
