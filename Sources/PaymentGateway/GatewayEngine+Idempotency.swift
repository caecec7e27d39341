import Foundation
import PayAssistCore
import Storage

/// Idempotency: each key runs its operation once; retries get the stored answer.
extension GatewayEngine {
    // MARK: Idempotency

    /// The result of an idempotent operation and whether it was replayed from an earlier request.
    public struct Recorded<Value: Sendable>: Sendable {
        public let value: Value
        public let replayed: Bool
    }

    func fingerprint(operation: String, _ parts: [String]) -> String {
        let text = ([operation] + parts).joined(separator: "\u{1f}")
        return Crypto.hex(Crypto.hmacSHA256(key: fingerprintKey, message: Array(text.utf8)))
    }

    func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try GatewayStore.encoder.encode(value), as: UTF8.self)
    }

    /// Runs `execute` at most once per key: replays the stored answer for a retry, refuses a key reused
    /// with other parameters, and answers `request_in_progress` while the first request is still running.
    ///
    /// `prepare` validates and may wait (slow card) outside the database lock; `execute` runs inside one
    /// transaction that also stores the answer, so the answer is durable before it is returned.
    func idempotent<Value: Codable & Sendable, Prepared>(
        key: String, fingerprint: String,
        prepare: () async throws -> Prepared,
        execute: (SQLiteConnection, Prepared, Int64) throws -> Value
    ) async throws -> Recorded<Value> {
        try GatewayEngine.validateIdempotencyKey(key)
        if let replay: Recorded<Value> = try replay(key: key, fingerprint: fingerprint) { return replay }
        let claimed = inFlight.withLock { $0.insert(key).inserted }
        guard claimed else {
            // Another request with this key is running here; it may have finished since the check above.
            if let replay: Recorded<Value> = try replay(key: key, fingerprint: fingerprint) { return replay }
            throw GatewayError.requestInProgress
        }
        defer { _ = inFlight.withLock { $0.remove(key) } }
        let prepared = try await prepare()
        let result: Recorded<Value> = try store.database.transaction { connection in
            if let stored = try store.storedAnswer(key: key, in: connection) {
                guard stored.fingerprint == fingerprint else { throw GatewayError.idempotencyKeyReused }
                return Recorded(value: try GatewayStore.decoder.decode(Value.self, from: Data(stored.answer.utf8)), replayed: true)
            }
            let now = nowSeconds
            let value = try execute(connection, prepared, now)
            try store.storeAnswer(key: key, fingerprint: fingerprint, answer: try canonicalJSON(value), now: now, in: connection)
            return Recorded(value: value, replayed: false)
        }
        if writesSincePurge.wrappingAdd(1, ordering: .relaxed).newValue % 10_000 == 0 { _ = try? purgeExpiredIdempotencyKeys() }
        return result
    }

    func replay<Value: Codable & Sendable>(key: String, fingerprint: String) throws -> Recorded<Value>? {
        guard let stored = try store.database.withConnection({ try store.storedAnswer(key: key, in: $0) }) else { return nil }
        guard stored.fingerprint == fingerprint else { throw GatewayError.idempotencyKeyReused }
        return Recorded(value: try GatewayStore.decoder.decode(Value.self, from: Data(stored.answer.utf8)), replayed: true)
    }

    /// Deletes idempotency keys older than the retention (24 hours by default); returns how many.
    @discardableResult
    public func purgeExpiredIdempotencyKeys() throws -> Int {
        try store.purgeIdempotencyKeys(createdBefore: nowSeconds - configuration.idempotencyRetention)
    }
}
