/// Asks for a quote: the bill amount and the currency the payer's card is in.
public struct QuoteRequest: Sendable, Equatable, Codable {
    /// The bill amount in minor units of `currency`.
    public var amount: Int64
    /// The bill currency, ISO 4217 ("CNY").
    public var currency: String
    /// The payer's card currency, ISO 4217 ("USD").
    public var payerCurrency: String

    public init(amount: Int64, currency: String = "CNY", payerCurrency: String) {
        self.amount = amount
        self.currency = currency
        self.payerCurrency = payerCurrency
    }

    enum CodingKeys: String, CodingKey {
        case amount, currency
        case payerCurrency = "payer_currency"
    }
}

/// How a payment is paid: card details typed on a checkout page, or a saved card's token.
public enum PaymentMethod: Sendable, Equatable {
    case card(CardDetails)
    case cardToken(String)
}

/// Asks for a payment. The same request with the same idempotency key always gives the same answer.
public struct CreatePaymentRequest: Sendable, Equatable {
    /// The bill amount in minor units of `currency`.
    public var amount: Int64
    /// The bill currency, ISO 4217 ("CNY").
    public var currency: String
    /// The caller's reference (bill or order id), 1-128 characters.
    public var reference: String
    /// The card to charge.
    public var method: PaymentMethod
    /// The card's currency when it differs from the bill's; nil means the bill currency.
    public var payerCurrency: String?
    /// A quote from `quote(...)` that locks the rate; must match amount and currencies.
    public var quoteID: String?
    /// ISO 3166 country of the billing address, informational.
    public var billingCountry: String?

    public init(amount: Int64, currency: String = "CNY", reference: String, method: PaymentMethod,
                payerCurrency: String? = nil, quoteID: String? = nil, billingCountry: String? = nil) {
        self.amount = amount
        self.currency = currency
        self.reference = reference
        self.method = method
        self.payerCurrency = payerCurrency
        self.quoteID = quoteID
        self.billingCountry = billingCountry
    }
}

extension CreatePaymentRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case amount, currency, reference, card
        case cardToken = "card_token", payerCurrency = "payer_currency", quoteID = "quote_id", billingCountry = "billing_country"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amount = try c.decode(Int64.self, forKey: .amount)
        currency = try c.decode(String.self, forKey: .currency)
        reference = try c.decode(String.self, forKey: .reference)
        if let card = try c.decodeIfPresent(CardDetails.self, forKey: .card) {
            method = .card(card)
        } else {
            method = .cardToken(try c.decode(String.self, forKey: .cardToken))
        }
        payerCurrency = try c.decodeIfPresent(String.self, forKey: .payerCurrency)
        quoteID = try c.decodeIfPresent(String.self, forKey: .quoteID)
        billingCountry = try c.decodeIfPresent(String.self, forKey: .billingCountry)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(reference, forKey: .reference)
        switch method {
        case .card(let card): try c.encode(card, forKey: .card)
        case .cardToken(let token): try c.encode(token, forKey: .cardToken)
        }
        try c.encodeIfPresent(payerCurrency, forKey: .payerCurrency)
        try c.encodeIfPresent(quoteID, forKey: .quoteID)
        try c.encodeIfPresent(billingCountry, forKey: .billingCountry)
    }
}
