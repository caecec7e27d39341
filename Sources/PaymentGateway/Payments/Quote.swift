import PayAssistCore

/// A locked FX quote: how much the payer's card is charged for a bill amount, valid for 10 minutes.
public struct Quote: Sendable, Equatable, Codable {
    /// "qt_..." id, to pass as `quote_id` when paying.
    public let id: String
    /// The bill amount, in minor units of the bill currency.
    public let amount: Money
    /// The converted amount in the payer's currency (minor units), before the fee.
    public let payerAmount: Money
    /// The disclosed conversion fee in the payer's currency.
    public let fee: Money
    /// Payer currency units per one bill currency unit, exact decimal ("0.14060742").
    public let rate: String
    /// The date of the reference rates ("2026-11-26").
    public let ratesAsOf: String
    /// Creation time, Unix seconds.
    public let created: Int64
    /// The last second the quote can be used, Unix seconds.
    public let expiresAt: Int64

    public init(id: String, amount: Money, payerAmount: Money, fee: Money, rate: String, ratesAsOf: String, created: Int64, expiresAt: Int64) {
        self.id = id
        self.amount = amount
        self.payerAmount = payerAmount
        self.fee = fee
        self.rate = rate
        self.ratesAsOf = ratesAsOf
        self.created = created
        self.expiresAt = expiresAt
    }

    /// What the card is charged: payer amount plus fee.
    public var payerTotal: Money { payerAmount + fee }

    enum CodingKeys: String, CodingKey {
        case object, id, amount, currency, payerAmount = "payer_amount", payerCurrency = "payer_currency"
        case fee, payerTotal = "payer_total", rate, ratesAsOf = "rates_as_of", created, expiresAt = "expires_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try c.decode(Currency.self, forKey: .currency)
        let payerCurrency = try c.decode(Currency.self, forKey: .payerCurrency)
        id = try c.decode(String.self, forKey: .id)
        amount = Money(minorUnits: try c.decode(Int64.self, forKey: .amount), currency: currency)
        payerAmount = Money(minorUnits: try c.decode(Int64.self, forKey: .payerAmount), currency: payerCurrency)
        fee = Money(minorUnits: try c.decode(Int64.self, forKey: .fee), currency: payerCurrency)
        rate = try c.decode(String.self, forKey: .rate)
        ratesAsOf = try c.decode(String.self, forKey: .ratesAsOf)
        created = try c.decode(Int64.self, forKey: .created)
        expiresAt = try c.decode(Int64.self, forKey: .expiresAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("quote", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(amount.minorUnits, forKey: .amount)
        try c.encode(amount.currency, forKey: .currency)
        try c.encode(payerAmount.minorUnits, forKey: .payerAmount)
        try c.encode(payerAmount.currency, forKey: .payerCurrency)
        try c.encode(fee.minorUnits, forKey: .fee)
        try c.encode(payerTotal.minorUnits, forKey: .payerTotal)
        try c.encode(rate, forKey: .rate)
        try c.encode(ratesAsOf, forKey: .ratesAsOf)
        try c.encode(created, forKey: .created)
        try c.encode(expiresAt, forKey: .expiresAt)
    }
}
