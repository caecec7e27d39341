/// What an API key may do. Channel keys act for one customer at a time (given in `X-Customer-Id`).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// The voice front end (speech recognizer transcripts).
    case voice
    /// The chat channel.
    case chat
    /// Operators: reminder rules, deliveries, service-quality reports.
    case `operator`
    /// Administrators: everything.
    case admin

    /// True for the two customer-facing channels.
    public var isChannel: Bool { self == .voice || self == .chat }
}
