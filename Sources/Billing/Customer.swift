import PayAssistCore

/// A person who uses PayAssist: an elderly resident, an overseas relative, anyone with a login
/// at a channel front end.
public struct Customer: Sendable, Codable, Equatable {
    /// Stable id the channels pass in `X-Customer-Id` ("c001").
    public let id: String
    /// Full name as the customer gave it.
    public let name: String
    /// Phone number in international format.
    public let phone: String
    /// The language replies and reminders use.
    public let language: Language
    /// IANA time zone of the customer ("America/Toronto"): reminders fire in local time.
    public let timeZone: String
    /// ISO 3166 country code of where the customer lives.
    public let country: String
    /// Free tags operators target: "elderly", "overseas", "beijing".
    public let tags: [String]
    /// The currency of the customer's usual card, when known (overseas relatives).
    public let cardCurrency: Currency?

    public init(id: String, name: String, phone: String, language: Language, timeZone: String, country: String, tags: [String], cardCurrency: Currency? = nil) {
        self.id = id
        self.name = name
        self.phone = phone
        self.language = language
        self.timeZone = timeZone
        self.country = country
        self.tags = tags
        self.cardCurrency = cardCurrency
    }

    /// True when the customer carries a tag.
    public func hasTag(_ tag: String) -> Bool { tags.contains(tag) }

    /// True for customers who get slower, repeated voice replies.
    public var isElderly: Bool { hasTag("elderly") }

    enum CodingKeys: String, CodingKey {
        case id, name, phone, language, tags, country
        case timeZone = "time_zone"
        case cardCurrency = "card_currency"
    }
}
