import Foundation
import PayAssistCore
import Storage

/// Every assistant turn in SQLite (`assistant_turns`) and the service-quality report built from it.
public struct TurnLog: Sendable {
    public let database: Database

    public static let migrations: [Migration] = [
        Migration(id: "assistant.004.turns", sql: """
            CREATE TABLE assistant_turns (
                id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, customer_id TEXT NOT NULL, channel TEXT NOT NULL,
                language TEXT NOT NULL, text TEXT NOT NULL, intent TEXT NOT NULL, confidence REAL NOT NULL, low_confidence INTEGER NOT NULL,
                actions TEXT NOT NULL, outcome TEXT NOT NULL, notable INTEGER NOT NULL, latency_us INTEGER NOT NULL, created_at REAL NOT NULL
            );
            CREATE INDEX assistant_turns_by_stratum ON assistant_turns(intent, channel, created_at);
            CREATE INDEX assistant_turns_by_outcome ON assistant_turns(outcome, created_at);
            """),
    ]

    /// Opens the log, applying its migration.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(TurnLog.migrations)
    }

    /// Records one turn. A turn is notable (over-sampled in reports) when it failed, was not
    /// understood, was a repeat, was refused or transferred, or had low confidence.
    public func record(sessionID: String, customerID: String, channel: AssistantChannel, language: Language, text: String,
                       intent: AssistantIntent, confidence: Double, lowConfidence: Bool, actions: [String], outcome: TurnOutcome,
                       latencyMicroseconds: Int64, at instant: Date) throws {
        try database.execute("""
            INSERT INTO assistant_turns (session_id, customer_id, channel, language, text, intent, confidence, low_confidence, actions,
                                         outcome, notable, latency_us, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(sessionID), .text(customerID), .text(channel.rawValue), .text(language.rawValue), .text(String(text.prefix(1000))),
                  .text(intent.rawValue), .real((confidence * 10_000).rounded() / 10_000), .bool(lowConfidence), .text(actions.joined(separator: ",")), .text(outcome.rawValue),
                  .bool(lowConfidence || outcome.isNotable), .integer(latencyMicroseconds), .real(instant.timeIntervalSince1970)])
    }

    /// The turns of a session, in order.
    public func turns(sessionID: String) throws -> [TurnRecord] {
        try database.query("SELECT * FROM assistant_turns WHERE session_id = ? ORDER BY id", [.text(sessionID)]).compactMap(TurnLog.record(from:))
    }

    /// Number of turns recorded.
    public func count() throws -> Int { try database.query("SELECT count(*) AS n FROM assistant_turns").first?.int("n") ?? 0 }

    /// The stratified service-quality sample.
    ///
    /// - Parameters:
    ///   - since: only turns at or after this instant (nil: all).
    ///   - perStratum: turns sampled per (intent, channel) stratum; notable turns are taken first,
    ///     the rest in a deterministic pseudo-random order, so the same data gives the same report.
    ///   - topPhrasings: how many of the most frequent not-understood phrasings to list.
    public func report(since: Date?, perStratum: Int = 5, topPhrasings: Int = 10) throws -> ConversationReport {
        let from = since?.timeIntervalSince1970 ?? 0
        var strata: [ConversationReport.Stratum] = []
        let groups = try database.query("""
            SELECT intent, channel, count(*) AS turns, sum(notable) AS notable FROM assistant_turns
            WHERE created_at >= ? GROUP BY intent, channel ORDER BY intent, channel
            """, [.real(from)])
        var total = 0
        var notableTotal = 0
        for group in groups {
            guard let intent = group.string("intent"), let channel = group.string("channel") else { continue }
            let sample = try database.query("""
                SELECT * FROM assistant_turns WHERE intent = ? AND channel = ? AND created_at >= ?
                ORDER BY notable DESC, (id * 2654435761) % 4294967291 LIMIT ?
                """, [.text(intent), .text(channel), .real(from), .int(perStratum)]).compactMap(TurnLog.record(from:))
            let turns = group.int("turns") ?? 0
            let notable = group.int("notable") ?? 0
            total += turns
            notableTotal += notable
            strata.append(.init(intent: intent, channel: channel, turns: turns, notableTurns: notable, sample: sample))
        }
        let phrasings = try database.query("""
            SELECT lower(trim(text)) AS phrasing, count(*) AS n FROM assistant_turns
            WHERE created_at >= ? AND outcome = 'not_understood' AND trim(text) <> ''
            GROUP BY phrasing ORDER BY n DESC, phrasing LIMIT ?
            """, [.real(from), .int(topPhrasings)]).map { ConversationReport.Phrasing(text: $0.string("phrasing") ?? "", count: $0.int("n") ?? 0) }
        var outcomes: [String: Int] = [:]
        for row in try database.query("SELECT outcome, count(*) AS n FROM assistant_turns WHERE created_at >= ? GROUP BY outcome", [.real(from)]) {
            outcomes[row.string("outcome") ?? ""] = row.int("n") ?? 0
        }
        return ConversationReport(totalTurns: total, notableTurns: notableTotal, outcomes: outcomes, perStratum: perStratum,
                                  strata: strata, notUnderstood: phrasings)
    }

    static func record(from row: SQLiteRow) -> TurnRecord? {
        guard let id = row.int64("id"), let channel = AssistantChannel(rawValue: row.string("channel") ?? ""),
              let language = Language(tag: row.string("language") ?? ""), let intent = AssistantIntent(rawValue: row.string("intent") ?? ""),
              let outcome = TurnOutcome(rawValue: row.string("outcome") ?? "") else { return nil }
        return TurnRecord(id: id, sessionID: row.string("session_id") ?? "", customerID: row.string("customer_id") ?? "", channel: channel,
                          language: language, text: row.string("text") ?? "", intent: intent, confidence: row.double("confidence") ?? 0,
                          lowConfidence: row.bool("low_confidence"), actions: row.string("actions") ?? "", outcome: outcome,
                          latencyMicroseconds: row.int64("latency_us") ?? 0, createdAt: Date(timeIntervalSince1970: row.double("created_at") ?? 0))
    }
}
