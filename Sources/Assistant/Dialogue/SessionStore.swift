import Foundation
import PayAssistCore
import Storage

/// One stored conversation: who it belongs to, on which channel, and its dialogue state.
public struct AssistantSession: Sendable, Equatable {
    /// Random "ses_..." id the front end sends back as `session_id`.
    public let id: String
    public let customerID: String
    public let channel: AssistantChannel
    public var state: DialogueState
    public let createdAt: Date
    public var lastActiveAt: Date
}

/// Dialogue sessions in SQLite (`assistant_sessions`). A session expires after `timeout` seconds
/// without a turn; an expired or unknown session is a clear error, never silently restarted.
public struct SessionStore: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// Inactivity after which a session expires, in seconds.
    public let timeout: TimeInterval

    /// The assistant's schema, in order (sessions, turns, tickets, cards, checkouts).
    public static let migrations: [Migration] = [
        Migration(id: "assistant.001.sessions", sql: """
            CREATE TABLE assistant_sessions (
                id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, channel TEXT NOT NULL, state_json TEXT NOT NULL,
                created_at REAL NOT NULL, last_active_at REAL NOT NULL
            );
            CREATE INDEX assistant_sessions_by_activity ON assistant_sessions(last_active_at);
            """),
    ]

    /// Opens the store, applying its migration; `timeout` is the inactivity limit in seconds.
    public init(database: Database, clock: any WallClock, timeout: TimeInterval = 15 * 60) throws {
        self.database = database
        self.clock = clock
        self.timeout = timeout
        try database.migrate(SessionStore.migrations)
    }

    /// Starts a new session for a customer and stores it.
    public func create(customerID: String, channel: AssistantChannel, language: Language) throws -> AssistantSession {
        let session = fresh(customerID: customerID, channel: channel, language: language)
        try save(session)
        return session
    }

    /// A new session, not stored yet (the first turn stores it together with its turn record).
    public func fresh(customerID: String, channel: AssistantChannel, language: Language) -> AssistantSession {
        let now = clock.now()
        return AssistantSession(id: "ses_" + Crypto.randomToken(byteCount: 12), customerID: customerID, channel: channel,
                                state: DialogueState(language: language), createdAt: now, lastActiveAt: now)
    }

    /// Loads a customer's session.
    ///
    /// - Throws: `AssistantError.sessionNotFound` for an unknown id or another customer's session,
    ///   `.sessionExpired` when it was idle longer than the timeout.
    public func load(id: String, customerID: String) throws -> AssistantSession {
        guard id.count <= 64, let row = try database.query("SELECT * FROM assistant_sessions WHERE id = ?", [.text(id)]).first,
              row.string("customer_id") == customerID,
              let json = row.string("state_json"),
              let state = try? JSONDecoder().decode(DialogueState.self, from: Data(json.utf8)) else {
            throw AssistantError.sessionNotFound
        }
        let lastActive = Date(timeIntervalSince1970: row.double("last_active_at") ?? 0)
        guard clock.now().timeIntervalSince(lastActive) <= timeout else { throw AssistantError.sessionExpired }
        return AssistantSession(id: id, customerID: customerID, channel: AssistantChannel(rawValue: row.string("channel") ?? "") ?? .chat,
                                state: state, createdAt: Date(timeIntervalSince1970: row.double("created_at") ?? 0), lastActiveAt: lastActive)
    }

    /// Writes a session (insert or replace) in one statement.
    public func save(_ session: AssistantSession) throws {
        let json = String(decoding: try JSONEncoder().encode(session.state), as: UTF8.self)
        try database.execute("""
            INSERT OR REPLACE INTO assistant_sessions (id, customer_id, channel, state_json, created_at, last_active_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(session.id), .text(session.customerID), .text(session.channel.rawValue), .text(json),
                  .real(session.createdAt.timeIntervalSince1970), .real(session.lastActiveAt.timeIntervalSince1970)])
    }

    /// Deletes sessions idle for more than a day past their expiry; returns how many.
    @discardableResult
    public func purgeExpired() throws -> Int {
        try database.execute("DELETE FROM assistant_sessions WHERE last_active_at < ?", [.real(clock.now().timeIntervalSince1970 - timeout - 86_400)])
    }
}
