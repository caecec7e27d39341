/// What the front end is told about a ticket.
public struct TicketSummary: Sendable, Equatable {
    /// The estimated repair visit.
    public struct Window: Sendable, Encodable, Equatable {
        /// ISO 8601 instants.
        public let from: String
        public let to: String
    }

    public let number: String
    public let kind: String
    public let visitWindow: Window?
}
