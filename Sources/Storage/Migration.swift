/// One versioned schema change. Each capability lists its own; ids are unique across the database.
public struct Migration: Sendable {
    /// A stable identifier, prefixed by the capability ("billing.001.create_customers").
    public let id: String
    /// The SQL to run once, inside a transaction; may hold several statements.
    public let sql: String

    public init(id: String, sql: String) {
        self.id = id
        self.sql = sql
    }
}
