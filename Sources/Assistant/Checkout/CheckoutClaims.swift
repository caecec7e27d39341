import PayAssistCore

/// What a checkout link carries: which checkout, account and prefilled amount, for whom, until when.
public struct CheckoutClaims: Sendable, Codable, Equatable {
    /// The checkout id ("chk_..."), the row that makes the link single-use.
    public let checkoutID: String
    public let accountNumber: String
    /// The prefilled amount in CNY minor units.
    public let amountMinorUnits: Int64
    public let customerID: String
    public let language: Language
    /// Unix seconds after which the link is refused.
    public let expiresAt: Int64

    enum CodingKeys: String, CodingKey {
        case checkoutID = "c", accountNumber = "a", amountMinorUnits = "m", customerID = "u", language = "l", expiresAt = "e"
    }
}
