/// What the gateway keeps and shows about a card: network, last four digits and expiry. Never the number.
public struct CardSummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The card network.
    public let network: CardNetwork
    /// The last four digits.
    public let last4: String
    /// The expiry month and year.
    public let expiry: CardExpiry

    public init(network: CardNetwork, last4: String, expiry: CardExpiry) {
        self.network = network
        self.last4 = last4
        self.expiry = expiry
    }

    enum CodingKeys: String, CodingKey {
        case network, last4
        case expMonth = "exp_month"
        case expYear = "exp_year"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        network = try container.decode(CardNetwork.self, forKey: .network)
        last4 = try container.decode(String.self, forKey: .last4)
        expiry = CardExpiry(month: try container.decode(Int.self, forKey: .expMonth), year: try container.decode(Int.self, forKey: .expYear))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(network, forKey: .network)
        try container.encode(last4, forKey: .last4)
        try container.encode(expiry.month, forKey: .expMonth)
        try container.encode(expiry.year, forKey: .expYear)
    }

    public var description: String { "\(network.displayName) ****\(last4) \(expiry.month)/\(expiry.year)" }
}
