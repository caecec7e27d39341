import Foundation
import PayAssistCore
import Storage

/// The reminders' SQLite tables: rules, their audit trail, customers' preferences, the scheduler's
/// progress and the outbox. Times are stored as integer milliseconds since 1970.
public final class ReminderStore: Sendable {
    public let database: Database

    /// Opens the store, applying its migrations.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(ReminderStore.migrations)
    }

    static let migrations: [Migration] = [
        Migration(id: "reminders.001.create", sql: """
            CREATE TABLE reminder_rules (
                id TEXT PRIMARY KEY, body TEXT NOT NULL, priority INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0,
                updated_at_ms INTEGER NOT NULL
            );
            CREATE TABLE reminder_audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT, subject TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL,
                at_ms INTEGER NOT NULL, before_json TEXT, after_json TEXT
            );
            CREATE INDEX reminder_audit_by_subject ON reminder_audit(subject, id);
            CREATE TABLE reminder_preferences (
                customer_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, preferred_time TEXT, channel TEXT, updated_at_ms INTEGER NOT NULL
            );
            CREATE TABLE reminder_scheduler_state (
                id INTEGER PRIMARY KEY CHECK (id = 1), processed_through_ms INTEGER NOT NULL
            );
            CREATE TABLE reminder_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id TEXT NOT NULL, rule_id TEXT NOT NULL, bill_id TEXT NOT NULL, local_date TEXT NOT NULL,
                account_number TEXT NOT NULL, channel TEXT NOT NULL, language TEXT NOT NULL, body TEXT NOT NULL,
                scheduled_at_ms INTEGER NOT NULL, created_at_ms INTEGER NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER,
                last_error TEXT, delivered_at_ms INTEGER,
                UNIQUE (customer_id, local_date, rule_id, bill_id)
            );
            CREATE INDEX reminder_outbox_due ON reminder_outbox(state, next_attempt_ms);
            """),
        Migration(id: "reminders.002.pending_by_bill", sql: """
            CREATE INDEX reminder_outbox_pending_by_bill ON reminder_outbox(bill_id) WHERE state = 'pending';
            """),
    ]

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    private static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value, let data = try? JSONCoder.encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Rules and audit

    /// Every rule, highest priority first.
    public func allRules() throws -> [ReminderRule] {
        try database.query("SELECT body FROM reminder_rules ORDER BY priority DESC, id").compactMap { row in
            row.string("body").flatMap { try? JSONCoder.decoder.decode(ReminderRule.self, from: Data($0.utf8)) }
        }
    }

    /// The rule with this id, or nil.
    public func rule(id: String) throws -> ReminderRule? {
        try database.query("SELECT body FROM reminder_rules WHERE id = ?", [.text(id)]).first
            .flatMap { $0.string("body") }.flatMap { try? JSONCoder.decoder.decode(ReminderRule.self, from: Data($0.utf8)) }
    }

    /// Writes a rule change and its audit entry in one transaction; `after` nil deletes.
    ///
    /// - Parameter check: runs inside the transaction before writing (e.g. the priority check), so
    ///   two concurrent edits cannot both pass it.
    public func saveRule(before: ReminderRule?, after: ReminderRule?, action: String, actor: String, at: Date,
                         check: (SQLiteConnection) throws -> Void = { _ in }) throws {
        try database.transaction { connection in
            try check(connection)
            if let after {
                try connection.execute("""
                    INSERT INTO reminder_rules (id, body, priority, paused, updated_at_ms) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET body = excluded.body, priority = excluded.priority, paused = excluded.paused, updated_at_ms = excluded.updated_at_ms
                    """, [.text(after.id), .text(ReminderStore.json(after)), .int(after.priority), .bool(after.paused), .integer(ReminderStore.ms(at))])
            } else if let before {
                try connection.execute("DELETE FROM reminder_rules WHERE id = ?", [.text(before.id)])
            }
            try connection.execute("INSERT INTO reminder_audit (subject, action, actor, at_ms, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)",
                                   [.text(after?.id ?? before?.id ?? ""), .text(action), .text(actor), .integer(ReminderStore.ms(at)),
                                    .text(ReminderStore.json(before)), .text(ReminderStore.json(after))])
        }
    }

    /// The active rule (other than `excluding`) that already has `priority`, if any, read on `connection`.
    static func activeRule(withPriority priority: Int, excluding id: String, on connection: SQLiteConnection) throws -> String? {
        try connection.queryOne("SELECT id FROM reminder_rules WHERE priority = ? AND paused = 0 AND id <> ?", [.int(priority), .text(id)])?.string("id")
    }

    /// The audit trail of a rule or of "preference:<customer>", oldest first.
    public func audit(subject: String, limit: Int = 200) throws -> [ReminderAuditEntry] {
        try database.query("SELECT * FROM reminder_audit WHERE subject = ? ORDER BY id LIMIT ?", [.text(subject), .int(limit)]).map { row in
            ReminderAuditEntry(id: row.int64("id") ?? 0, subject: row.string("subject") ?? "", action: row.string("action") ?? "",
                               actor: row.string("actor") ?? "", at: ReminderStore.date(row.int64("at_ms") ?? 0),
                               before: row.string("before_json"), after: row.string("after_json"))
        }
    }

    // MARK: Preferences

    /// Every customer's preference.
    public func allPreferences() throws -> [ReminderPreference] {
        try database.query("SELECT * FROM reminder_preferences ORDER BY customer_id").compactMap(ReminderStore.preference(from:))
    }

    /// One customer's preference, or nil.
    public func preference(customerID: String) throws -> ReminderPreference? {
        try database.query("SELECT * FROM reminder_preferences WHERE customer_id = ?", [.text(customerID)]).first.flatMap(ReminderStore.preference(from:))
    }

    static func preference(from row: SQLiteRow) -> ReminderPreference? {
        guard let customer = row.string("customer_id") else { return nil }
        return ReminderPreference(customerID: customer, enabled: row.bool("enabled"),
                                  preferredTime: row.string("preferred_time").flatMap { try? LocalTime(parsing: $0) },
                                  channel: row.string("channel").flatMap(ReminderChannel.init(rawValue:)),
                                  updatedAt: date(row.int64("updated_at_ms") ?? 0))
    }

    /// Saves a preference and its audit entry in one transaction.
    public func savePreference(_ preference: ReminderPreference, actor: String) throws {
        try database.transaction { connection in
            let before = try connection.queryOne("SELECT * FROM reminder_preferences WHERE customer_id = ?", [.text(preference.customerID)])
                .flatMap(ReminderStore.preference(from:))
            try connection.execute("""
                INSERT OR REPLACE INTO reminder_preferences (customer_id, enabled, preferred_time, channel, updated_at_ms) VALUES (?, ?, ?, ?, ?)
                """, [.text(preference.customerID), .bool(preference.enabled), .text(preference.preferredTime?.description),
                      .text(preference.channel?.rawValue), .integer(ReminderStore.ms(preference.updatedAt))])
            try connection.execute("INSERT INTO reminder_audit (subject, action, actor, at_ms, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)",
                                   [.text("preference:\(preference.customerID)"), .text(preference.enabled ? "opt_in" : "opt_out"), .text(actor),
                                    .integer(ReminderStore.ms(preference.updatedAt)), .text(ReminderStore.json(before)), .text(ReminderStore.json(preference))])
        }
    }

    // MARK: Scheduler progress

    /// The instant up to which every due reminder has been written to the outbox, or nil on first start.
    public func processedThrough() throws -> Date? {
        try database.query("SELECT processed_through_ms FROM reminder_scheduler_state WHERE id = 1").first?.int64("processed_through_ms").map(ReminderStore.date)
    }

    /// Records progress without writing reminders (first start).
    public func setProcessedThrough(_ date: Date) throws {
        try database.execute("INSERT OR REPLACE INTO reminder_scheduler_state (id, processed_through_ms) VALUES (1, ?)", [.integer(ReminderStore.ms(date))])
    }
}

/// JSON settings for stored bodies (ISO dates are not needed: rules store seconds).
enum JSONCoder {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder { JSONDecoder() }
}
