import CSQLite
import Foundation

/// A SQLite database: one connection confined behind a lock, WAL mode, a busy timeout and
/// versioned migrations. Safe to share across threads and tasks.
///
/// `path` is a file path, or ":memory:" for a private in-memory database (tests, demos).
// @unchecked Sendable: the only mutable state is the connection, and every use of it goes
// through `lock`, so one thread at a time touches it (SQLite is opened NOMUTEX).
public final class Database: @unchecked Sendable {
    /// The file path, or ":memory:".
    public let path: String
    private let connection: SQLiteConnection
    // Recursive so that a store method called inside `transaction { }` joins that transaction
    // (the connection turns the nested `transaction` into a savepoint) instead of deadlocking.
    private let lock = NSRecursiveLock()

    /// Opens (creating if needed) the database at `path`, with WAL mode and a busy timeout.
    ///
    /// - Parameters:
    ///   - path: a file path or ":memory:".
    ///   - busyTimeoutMilliseconds: how long a locked database is retried before failing.
    ///   - synchronous: SQLite's `synchronous` pragma; "NORMAL" is durable in WAL mode against
    ///     process crashes, "FULL" also against power loss.
    public init(path: String, busyTimeoutMilliseconds: Int = 5000, synchronous: String = "NORMAL") throws {
        self.path = path
        let opened = try SQLiteConnection(path: path)
        sqlite3_busy_timeout(opened.handle, Int32(busyTimeoutMilliseconds))
        try opened.executeScript("PRAGMA foreign_keys = ON")
        if path != ":memory:" {
            try opened.executeScript("PRAGMA journal_mode = WAL")
        }
        guard ["OFF", "NORMAL", "FULL", "EXTRA"].contains(synchronous.uppercased()) else {
            throw StorageError(resultCode: SQLITE_MISUSE, message: "unknown synchronous mode \(synchronous)")
        }
        try opened.executeScript("PRAGMA synchronous = \(synchronous.uppercased())")
        connection = opened
    }

    /// An in-memory database, for tests.
    public static func inMemory() throws -> Database { try Database(path: ":memory:") }

    /// Runs `body` with exclusive use of the connection. Keep it short: it holds the lock.
    public func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    public func transaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try withConnection { try $0.transaction(body) }
    }

    /// Runs a read query.
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try withConnection { try $0.query(sql, values) }
    }

    /// Runs a statement outside an explicit transaction; returns rows changed.
    @discardableResult
    public func execute(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        try withConnection { try $0.execute(sql, values) }
    }

    /// Applies, in order, every migration not applied before; each in its own transaction.
    ///
    /// - Returns: the ids applied by this call.
    @discardableResult
    public func migrate(_ migrations: [Migration]) throws -> [String] {
        try withConnection { connection in
            try connection.executeScript("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id TEXT PRIMARY KEY,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                )
                """)
            let done = Set(try connection.query("SELECT id FROM schema_migrations").compactMap { $0.string("id") })
            var applied: [String] = []
            for migration in migrations where !done.contains(migration.id) {
                try connection.transaction { connection in
                    try connection.executeScript(migration.sql)
                    try connection.execute("INSERT INTO schema_migrations (id) VALUES (?)", [.text(migration.id)])
                }
                applied.append(migration.id)
            }
            return applied
        }
    }

    /// True when a trivial query succeeds (for health checks).
    public func isHealthy() -> Bool {
        (try? query("SELECT 1 AS ok").first?.int("ok")) == 1
    }
}
