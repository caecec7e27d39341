import Dispatch
import Glibc

/// Waits for a Unix signal without a signal handler: the serve command awaits SIGINT/SIGTERM
/// and then calls `HTTPServer.shutdown()`.
public enum SignalWaiter {
    /// Suspends until one of `signals` arrives and returns it. The signals' default action
    /// (terminating the process) is turned off for the rest of the process's life.
    public static func wait(for signals: [Int32]) async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let queue = DispatchQueue(label: "payassist.signals")
            queue.async {
                let waiter = PendingSignalWait(continuation: continuation)
                for number in signals {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { waiter.fire(number) }
                    waiter.sources.append(source)
                    source.resume()
                }
            }
        }
    }
}

/// The state of one `SignalWaiter.wait` call.
///
/// @unchecked Sendable: it is created on, and only ever touched from, one serial dispatch queue
/// (the sources' handlers run on that same queue), so its fields are never accessed concurrently.
private final class PendingSignalWait: @unchecked Sendable {
    private var continuation: CheckedContinuation<Int32, Never>?
    var sources: [any DispatchSourceSignal] = []

    init(continuation: CheckedContinuation<Int32, Never>) {
        self.continuation = continuation
    }

    func fire(_ number: Int32) {
        guard let continuation else { return }
        self.continuation = nil
        for source in sources { source.cancel() }
        sources = []
        continuation.resume(returning: number)
    }
}
