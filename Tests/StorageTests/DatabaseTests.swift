import Foundation
import Storage
import Testing

@Suite("SQLite storage")
struct DatabaseTests {
    static let schema = [Migration(id: "test.001", sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)")]

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("payassist-storage-\(UUID().uuidString).sqlite").path
    }

    @Test("migrations run once, however often they are applied")
    func migrationsRunOnce() throws {
        let database = try Database.inMemory()
        #expect(try database.migrate(Self.schema) == ["test.001"])
        #expect(try database.migrate(Self.schema) == [])
    }

    @Test("values are bound, never spliced: SQL in a value is stored as text")
    func bindsValues() throws {
        let database = try Database.inMemory()
        try database.migrate(Self.schema)
        let hostile = "x'); DROP TABLE notes; --"
        try database.execute("INSERT INTO notes (body) VALUES (?)", [.text(hostile)])
        #expect(try database.query("SELECT body FROM notes").first?.string("body") == hostile)
    }

    @Test("a failing transaction rolls back everything it wrote")
    func transactionRollsBack() throws {
        let database = try Database.inMemory()
        try database.migrate(Self.schema)
        #expect(throws: StorageError.self) {
            try database.transaction { connection in
                try connection.execute("INSERT INTO notes (body) VALUES (?)", ["first"])
                try connection.execute("INSERT INTO notes (body) VALUES (?)", ["first"])
            }
        }
        #expect(try database.query("SELECT count(*) AS n FROM notes").first?.int("n") == 0)
    }

    @Test("a nested transaction is a savepoint: its failure keeps the outer work")
    func nestedTransactionIsSavepoint() throws {
        let database = try Database.inMemory()
        try database.migrate(Self.schema)
        try database.transaction { connection in
            try connection.execute("INSERT INTO notes (body) VALUES (?)", ["outer"])
            _ = try? connection.transaction { inner in
                try inner.execute("INSERT INTO notes (body) VALUES (?)", ["inner"])
                try inner.execute("INSERT INTO notes (body) VALUES (?)", ["outer"])
            }
        }
        let bodies = try database.query("SELECT body FROM notes ORDER BY body").compactMap { $0.string("body") }
        #expect(bodies == ["outer"])
    }

    @Test("constraint violations are reported as such with the SQL but no values")
    func constraintViolation() throws {
        let database = try Database.inMemory()
        try database.migrate(Self.schema)
        try database.execute("INSERT INTO notes (body) VALUES (?)", ["secret-value"])
        do {
            try database.execute("INSERT INTO notes (body) VALUES (?)", ["secret-value"])
            Issue.record("duplicate insert succeeded")
        } catch let error as StorageError {
            #expect(error.isConstraintViolation)
            #expect(!error.description.contains("secret-value"))
        }
    }

    @Test("a file database keeps committed data across a reopen and uses WAL")
    func fileDatabasePersists() throws {
        let path = temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let database = try Database(path: path)
            try database.migrate(Self.schema)
            try database.execute("INSERT INTO notes (body) VALUES (?)", ["kept"])
            #expect(try database.query("PRAGMA journal_mode").first?.string("journal_mode") == "wal")
        }
        let reopened = try Database(path: path)
        #expect(try reopened.migrate(Self.schema) == [])
        #expect(try reopened.query("SELECT body FROM notes").first?.string("body") == "kept")
    }

    @Test("a wrong parameter count is an error, not a crash")
    func wrongParameterCount() throws {
        let database = try Database.inMemory()
        try database.migrate(Self.schema)
        #expect(throws: StorageError.self) { try database.execute("INSERT INTO notes (body) VALUES (?)", []) }
    }

    @Test("opening a database in a missing folder fails with a storage error")
    func unopenablePath() {
        #expect(throws: StorageError.self) { _ = try Database(path: "/nonexistent-folder-\(UUID().uuidString)/db.sqlite") }
    }
}
