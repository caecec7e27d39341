import PayAssistCore

/// A SQLite failure: the result code, SQLite's message and the SQL (bound values are never included).
public struct StorageError: CodedError, CustomStringConvertible {
    /// SQLite's extended result code.
    public let resultCode: Int32
    /// SQLite's message.
    public let sqliteMessage: String
    /// The statement that failed, if any (without bound values).
    public let sql: String?

    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.sqliteMessage = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { resultCode & 0xff }

    /// True for a UNIQUE, PRIMARY KEY or other constraint violation.
    public var isConstraintViolation: Bool { primaryCode == 19 }

    /// True when the database was busy or locked past the busy timeout.
    public var isBusy: Bool { primaryCode == 5 || primaryCode == 6 }

    public var code: String { isBusy ? "storage_busy" : "storage_error" }
    public var message: String { isBusy ? "The database is busy; try again." : "A storage error occurred." }
    public var kind: ErrorKind { isBusy ? .unavailable : .internal }

    public var description: String {
        "SQLite error \(resultCode): \(sqliteMessage)" + (sql.map { " in `\($0)`" } ?? "")
    }
}
