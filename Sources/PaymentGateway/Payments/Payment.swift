import PayAssistCore

/// A card payment as the gateway reports it: the typed result every client gets.
///
/// On the wire (JSON) amounts are integers in minor units next to their ISO 4217 code, the rate is
/// a decimal string and times are Unix seconds; see the README for every field.
public struct Payment: Sendable, Equatable, Codable {
    /// "pay_..." id.
    public let id: String
    /// Where the payment is in its life.
    public var status: PaymentState
    /// The bill amount (usually CNY), in minor units.
    public let amount: Money
    /// The caller's reference (the bill or order id).
    public let reference: String
    /// The converted amount in the card's (payer's) currency, before the fee.
    public let payerAmount: Money
    /// The cross-border conversion fee in the payer's currency (zero when no conversion).
    public let fee: Money
    /// Payer currency units per one bill currency unit, exact decimal with up to 8 decimals ("0.14060742").
    public let rate: String
    /// The quote the rate came from, if any.
    public let quoteID: String?
    /// Network, last 4 and expiry of the card.
    public let card: CardSummary
    /// The saved-card token used, if any.
    public let cardToken: String?
    /// Total refunded so far, in the bill currency.
    public var amountRefunded: Money
    /// What the payer must do next (a 3-D Secure challenge), when `status` is `requires_action`.
    public var nextAction: NextAction?
    /// Why the payment failed, when `status` is `failed`.
    public var failure: PaymentFailure?
    /// Creation time, Unix seconds.
    public let created: Int64
    /// Last change, Unix seconds.
    public var updated: Int64

    public init(id: String, status: PaymentState, amount: Money, reference: String, payerAmount: Money, fee: Money,
                rate: String, quoteID: String?, card: CardSummary, cardToken: String?, amountRefunded: Money,
                nextAction: NextAction?, failure: PaymentFailure?, created: Int64, updated: Int64) {
        self.id = id
        self.status = status
        self.amount = amount
        self.reference = reference
        self.payerAmount = payerAmount
        self.fee = fee
        self.rate = rate
        self.quoteID = quoteID
        self.card = card
        self.cardToken = cardToken
        self.amountRefunded = amountRefunded
        self.nextAction = nextAction
        self.failure = failure
        self.created = created
        self.updated = updated
    }

    /// What the card is charged: the payer amount plus the fee, in the payer's currency.
    public var payerTotal: Money { payerAmount + fee }

    /// The same payment with the failure message in `language` (codes unchanged).
    public func localized(_ language: Language) -> Payment {
        var copy = self
        copy.failure = failure.map { PaymentFailure(code: $0.code, declineCode: $0.declineCode, language: language) }
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case object, id, status, amount, currency, reference
        case payerAmount = "payer_amount", payerCurrency = "payer_currency", fee, payerTotal = "payer_total"
        case rate, quoteID = "quote_id", card, cardToken = "card_token", amountRefunded = "amount_refunded"
        case nextAction = "next_action", failure = "error", created, updated
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try c.decode(Currency.self, forKey: .currency)
        let payerCurrency = try c.decode(Currency.self, forKey: .payerCurrency)
        id = try c.decode(String.self, forKey: .id)
        status = try c.decode(PaymentState.self, forKey: .status)
        amount = Money(minorUnits: try c.decode(Int64.self, forKey: .amount), currency: currency)
        reference = try c.decode(String.self, forKey: .reference)
        payerAmount = Money(minorUnits: try c.decode(Int64.self, forKey: .payerAmount), currency: payerCurrency)
        fee = Money(minorUnits: try c.decode(Int64.self, forKey: .fee), currency: payerCurrency)
        rate = try c.decode(String.self, forKey: .rate)
        quoteID = try c.decodeIfPresent(String.self, forKey: .quoteID)
        card = try c.decode(CardSummary.self, forKey: .card)
        cardToken = try c.decodeIfPresent(String.self, forKey: .cardToken)
        amountRefunded = Money(minorUnits: try c.decode(Int64.self, forKey: .amountRefunded), currency: currency)
        nextAction = try c.decodeIfPresent(NextAction.self, forKey: .nextAction)
        failure = try c.decodeIfPresent(PaymentFailure.self, forKey: .failure)
        created = try c.decode(Int64.self, forKey: .created)
        updated = try c.decode(Int64.self, forKey: .updated)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("payment", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(amount.minorUnits, forKey: .amount)
        try c.encode(amount.currency, forKey: .currency)
        try c.encode(reference, forKey: .reference)
        try c.encode(payerAmount.minorUnits, forKey: .payerAmount)
        try c.encode(payerAmount.currency, forKey: .payerCurrency)
        try c.encode(fee.minorUnits, forKey: .fee)
        try c.encode(payerTotal.minorUnits, forKey: .payerTotal)
        try c.encode(rate, forKey: .rate)
        try c.encode(quoteID, forKey: .quoteID)
        try c.encode(card, forKey: .card)
        try c.encode(cardToken, forKey: .cardToken)
        try c.encode(amountRefunded.minorUnits, forKey: .amountRefunded)
        try c.encode(nextAction, forKey: .nextAction)
        try c.encode(failure, forKey: .failure)
        try c.encode(created, forKey: .created)
        try c.encode(updated, forKey: .updated)
    }
}

/// What the payer must do before the payment can finish.
public struct NextAction: Sendable, Equatable, Codable {
    /// Always "three_d_secure" for now.
    public let type: String
    /// The challenge page, relative to the gateway's base URL ("/gateway/v1/payments/pay_x/challenge").
    public let url: String

    public init(type: String, url: String) {
        self.type = type
        self.url = url
    }
}

/// Why a payment failed: a stable code, the issuer's decline code if any, and a localized message.
public struct PaymentFailure: Sendable, Equatable, Codable {
    /// "card_declined", "processing_error" or "authentication_failed".
    public let code: String
    /// The issuer's reason for a `card_declined` ("insufficient_funds"), else nil.
    public let declineCode: String?
    /// A human message in the language asked for.
    public let message: String

    /// A failure with its message in `language`.
    public init(code: String, declineCode: String?, language: Language = .en) {
        self.code = code
        self.declineCode = declineCode
        self.message = GatewayMessages.text(for: declineCode ?? code, in: language)
    }

    enum CodingKeys: String, CodingKey {
        case code
        case declineCode = "decline_code"
        case message
    }

    /// True when retrying with a new idempotency key may succeed (a processing error).
    public var isRetryable: Bool { code == "processing_error" }
}
