import Foundation
import PayAssistCore
import Storage

/// A repair ticket or a hand-off to a human agent.
public struct AssistantTicket: Sendable, Equatable, Encodable {
    /// "repair" or "handoff".
    public enum Kind: String, Sendable, Codable { case repair, handoff }

    /// Human-readable number ("R20261127-0001", "H20261127-0002").
    public let number: String
    public let kind: Kind
    public let customerID: String
    public let sessionID: String
    public let accountNumber: String?
    public let createdAt: Date
    /// Estimated visit window for repairs (utility local time), else nil.
    public let visitFrom: Date?
    public let visitTo: Date?
    /// The conversation so far, for the agent.
    public let transcript: [TranscriptLine]
}

/// Repair tickets and hand-off records (`assistant_tickets`), numbered per day.
public struct TicketStore: Sendable {
    public let database: Database

    public static let migrations: [Migration] = [
        Migration(id: "assistant.003.tickets", sql: """
            CREATE TABLE assistant_tickets (
                number TEXT PRIMARY KEY, kind TEXT NOT NULL, customer_id TEXT NOT NULL, session_id TEXT NOT NULL,
                account_number TEXT, created_at REAL NOT NULL, visit_from REAL, visit_to REAL, transcript_json TEXT NOT NULL
            );
            """),
    ]

    /// Opens the store, applying its migration.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(TicketStore.migrations)
    }

    /// Creates a ticket with the next number of the day (utility local date), in one transaction.
    public func create(kind: AssistantTicket.Kind, customerID: String, sessionID: String, accountNumber: String?, at now: Date,
                       visit: (from: Date, to: Date)?, transcript: [TranscriptLine], timeZone: TimeZone) throws -> AssistantTicket {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: now)
        let prefix = (kind == .repair ? "R" : "H") + String(format: "%04d%02d%02d-", day.year!, day.month!, day.day!)
        let json = String(decoding: try JSONEncoder().encode(transcript), as: UTF8.self)
        return try database.transaction { connection in
            let count = try connection.queryOne("SELECT count(*) AS n FROM assistant_tickets WHERE number LIKE ?", [.text(prefix + "%")])?.int("n") ?? 0
            let number = prefix + String(format: "%04d", count + 1)
            try connection.execute("""
                INSERT INTO assistant_tickets (number, kind, customer_id, session_id, account_number, created_at, visit_from, visit_to, transcript_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(number), .text(kind.rawValue), .text(customerID), .text(sessionID), .text(accountNumber), .real(now.timeIntervalSince1970),
                      visit.map { .real($0.from.timeIntervalSince1970) } ?? .null, visit.map { .real($0.to.timeIntervalSince1970) } ?? .null, .text(json)])
            return AssistantTicket(number: number, kind: kind, customerID: customerID, sessionID: sessionID, accountNumber: accountNumber,
                                   createdAt: now, visitFrom: visit?.from, visitTo: visit?.to, transcript: transcript)
        }
    }

    /// A ticket by number.
    public func ticket(number: String) throws -> AssistantTicket? {
        guard let row = try database.query("SELECT * FROM assistant_tickets WHERE number = ?", [.text(number)]).first,
              let kind = AssistantTicket.Kind(rawValue: row.string("kind") ?? "") else { return nil }
        let transcript = (try? JSONDecoder().decode([TranscriptLine].self, from: Data((row.string("transcript_json") ?? "[]").utf8))) ?? []
        return AssistantTicket(number: number, kind: kind, customerID: row.string("customer_id") ?? "", sessionID: row.string("session_id") ?? "",
                               accountNumber: row.string("account_number"), createdAt: Date(timeIntervalSince1970: row.double("created_at") ?? 0),
                               visitFrom: row.double("visit_from").map(Date.init(timeIntervalSince1970:)),
                               visitTo: row.double("visit_to").map(Date.init(timeIntervalSince1970:)), transcript: transcript)
    }

    /// The repair visit window for a ticket opened at `now`: a 4-hour slot starting at the next whole
    /// hour at least 2 hours away, moved to 08:00 the next day when it would end after 20:00 (local time).
    public static func visitWindow(after now: Date, timeZone: TimeZone) -> (from: Date, to: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let earliest = now.addingTimeInterval(2 * 3600)
        var start = calendar.nextDate(after: earliest.addingTimeInterval(-1), matching: DateComponents(minute: 0, second: 0), matchingPolicy: .nextTime) ?? earliest
        let hour = calendar.component(.hour, from: start)
        if hour < 8 {
            start = calendar.date(bySettingHour: 8, minute: 0, second: 0, of: start) ?? start
        } else if hour > 16 {
            let tomorrow = calendar.date(byAdding: .day, value: 1, to: start) ?? start
            start = calendar.date(bySettingHour: 8, minute: 0, second: 0, of: tomorrow) ?? tomorrow
        }
        return (start, start.addingTimeInterval(4 * 3600))
    }
}
