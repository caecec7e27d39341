import Foundation

/// Runs blocking or CPU-heavy synchronous work (socket loops, training a model) on a thread of its
/// own and resumes the caller when it is done, so the work never holds one of Swift concurrency's
/// cooperative threads (one per core) that servers in the same process need to answer requests.
public enum BlockingWork {
    /// The result of `work`, run on a new thread with `stackSize` bytes of stack (8 MiB by default).
    public static func run<T: Sendable>(stackSize: Int = 8 << 20, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = stackSize
            thread.start()
        }
    }
}
