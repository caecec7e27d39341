/// One state change, in commit order: what `GET /gateway/v1/events` and webhooks deliver.
public struct GatewayEvent: Sendable, Equatable, Codable {
    /// The cursor: a strictly increasing sequence number.
    public let sequence: Int64
    /// "evt_..." id.
    public let id: String
    /// "payment.succeeded", "payment.failed", "payment.refunded", ...
    public let type: String
    /// The payment after the change.
    public let payment: Payment
    /// When it happened, Unix seconds.
    public let created: Int64

    public init(sequence: Int64, id: String, type: String, payment: Payment, created: Int64) {
        self.sequence = sequence
        self.id = id
        self.type = type
        self.payment = payment
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case sequence, id, type, payment = "data", created
    }
}

/// A page of events after a cursor.
public struct GatewayEventPage: Sendable, Equatable, Codable {
    /// The events, oldest first.
    public let events: [GatewayEvent]
    /// Pass as `after` to get the next page; the same cursor when there is nothing new.
    public let nextCursor: String
    /// True when more events follow.
    public let hasMore: Bool

    public init(events: [GatewayEvent], nextCursor: String, hasMore: Bool) {
        self.events = events
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }

    enum CodingKeys: String, CodingKey {
        case events = "data", nextCursor = "next_cursor", hasMore = "has_more"
    }
}
