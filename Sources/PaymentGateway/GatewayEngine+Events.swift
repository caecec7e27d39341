import Foundation
import PayAssistCore
import Storage

/// The ordered list of state changes.
extension GatewayEngine {
    // MARK: Events

    public func events(after cursor: String?, limit: Int) async throws -> GatewayEventPage {
        try eventPage(after: cursor, limit: limit)
    }

    /// Events after `cursor` ("0" or nil for the start), at most `limit` (1-1000).
    public func eventPage(after cursor: String?, limit: Int) throws -> GatewayEventPage {
        let start: Int64
        if let cursor, !cursor.isEmpty {
            guard let value = Int64(cursor), value >= 0 else { throw GatewayError.invalidCursor }
            start = value
        } else {
            start = 0
        }
        let bounded = min(max(limit, 1), 1000)
        let events = try store.events(after: start, limit: bounded + 1)
        let page = Array(events.prefix(bounded))
        return GatewayEventPage(events: page, nextCursor: String(page.last?.sequence ?? start), hasMore: events.count > bounded)
    }
}
