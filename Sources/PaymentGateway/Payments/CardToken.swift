/// A saved card: a random token plus what may be shown about the card. Pay with it as `card_token`.
public struct CardToken: Sendable, Equatable, Codable {
    /// "card_..." random token; reveals nothing about the number.
    public let token: String
    /// Network, last 4 and expiry.
    public let card: CardSummary
    /// Creation time, Unix seconds.
    public let created: Int64

    public init(token: String, card: CardSummary, created: Int64) {
        self.token = token
        self.card = card
        self.created = created
    }
}
