import Synchronization

/// Serializes async work per key (one session's turns run one at a time), without blocking threads.
public final class KeyedLock: Sendable {
    private struct Waiters {
        var held: Set<String> = []
        var queues: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(Waiters())

    /// An empty lock table.
    public init() {}

    /// Runs `body` while holding the lock for `key`.
    public func withLock<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { waiters -> Bool in
                if waiters.held.contains(key) {
                    waiters.queues[key, default: []].append(continuation)
                    return false
                }
                waiters.held.insert(key)
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    private func release(_ key: String) {
        let next = state.withLock { waiters -> CheckedContinuation<Void, Never>? in
            if var queue = waiters.queues[key], !queue.isEmpty {
                let first = queue.removeFirst()
                waiters.queues[key] = queue.isEmpty ? nil : queue
                return first // the lock passes straight to the next waiter
            }
            waiters.held.remove(key)
            return nil
        }
        next?.resume()
    }
}
