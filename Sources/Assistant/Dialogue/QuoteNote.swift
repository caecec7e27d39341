import PayAssistCore

/// The part of a gateway quote the assistant reads back and pays with.
public struct QuoteNote: Sendable, Codable, Equatable {
    public let id: String
    /// What the card is charged in its own currency (payer amount + fee).
    public let payerTotal: Money
    /// The conversion fee included in `payerTotal`.
    public let fee: Money
    /// Payer currency units per yuan, exact decimal string.
    public let rate: String
    /// Unix seconds after which the quote cannot be used.
    public let expiresAt: Int64

    public init(id: String, payerTotal: Money, fee: Money, rate: String, expiresAt: Int64) {
        self.id = id
        self.payerTotal = payerTotal
        self.fee = fee
        self.rate = rate
        self.expiresAt = expiresAt
    }
}
