import Foundation
import PayAssistCore
import Storage
import Synchronization

/// API keys and their roles. Only SHA-256 hashes are stored; a presented key is hashed and compared
/// in constant time against every stored hash.
public final class APIKeyStore: Sendable {
    /// A key as configured (from a file or the environment); the plain key never reaches storage or logs.
    public struct ConfiguredKey: Sendable, Codable, Equatable {
        public let key: String
        public let role: Role
        public let label: String

        public init(key: String, role: Role, label: String) {
            self.key = key
            self.role = role
            self.label = label
        }
    }

    /// A stored key: its hash, role and label.
    public struct Record: Sendable, Equatable {
        public let hash: [UInt8]
        public let role: Role
        public let label: String
    }

    private let database: Database
    private let cache: Mutex<[Record]>

    /// Opens the store, applying its migration, and loads the hashes.
    public init(database: Database) throws {
        self.database = database
        try database.migrate([Migration(id: "api.001.api_keys", sql: """
            CREATE TABLE api_keys (
                key_hash TEXT PRIMARY KEY, role TEXT NOT NULL, label TEXT NOT NULL,
                created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            );
            """)])
        cache = Mutex([])
        try reload()
    }

    private func reload() throws {
        let records = try database.query("SELECT key_hash, role, label FROM api_keys ORDER BY key_hash").compactMap { row -> Record? in
            guard let hash = row.string("key_hash").flatMap(Crypto.bytes(fromHex:)), let role = Role(rawValue: row.string("role") ?? "") else { return nil }
            return Record(hash: hash, role: role, label: row.string("label") ?? "")
        }
        cache.withLock { $0 = records }
    }

    /// Stores a key's hash with its role (replacing the role of an existing key).
    public func register(_ key: ConfiguredKey) throws {
        guard key.key.count >= 16 else { throw SimpleError(.invalidInput, code: "api_key_too_short", message: "API keys need at least 16 characters.") }
        try database.execute("INSERT OR REPLACE INTO api_keys (key_hash, role, label) VALUES (?, ?, ?)",
                             [.text(Crypto.sha256Hex(key.key)), .text(key.role.rawValue), .text(key.label)])
        try reload()
    }

    /// The record of a presented key, or nil. Runs in time independent of which stored hash matches.
    public func authenticate(_ presented: String) -> Record? {
        let hash = Crypto.sha256(Array(presented.utf8))
        var found: Record?
        for record in cache.withLock({ $0 }) where Crypto.constantTimeEquals(record.hash, hash) {
            found = record
        }
        return found
    }

    /// Reads keys from a JSON file: `[{"key": "...", "role": "voice", "label": "..."}]`.
    public static func loadKeys(fromFile url: URL) throws -> [ConfiguredKey] {
        do {
            return try JSONDecoder().decode([ConfiguredKey].self, from: Data(contentsOf: url))
        } catch {
            throw SimpleError(.invalidInput, code: "invalid_api_key_file", message: "Cannot read API keys from \(url.path): expected a JSON list of {key, role, label}.")
        }
    }

    /// Reads keys from an environment value: `role:key,role:key` (labels are "env <role>").
    public static func parseKeys(environmentValue: String) throws -> [ConfiguredKey] {
        try environmentValue.split(separator: ",").map { item in
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let role = Role(rawValue: parts[0]), !parts[1].isEmpty else {
                throw SimpleError(.invalidInput, code: "invalid_api_key_env", message: "PAYASSIST_API_KEYS must look like role:key,role:key with roles voice, chat, operator, admin.")
            }
            return ConfiguredKey(key: parts[1], role: role, label: "env \(role.rawValue)")
        }
    }
}
