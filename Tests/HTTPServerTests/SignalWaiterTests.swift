import Glibc
import Synchronization
import Testing
@testable import HTTPServer

@Suite("Signal waiter")
struct SignalWaiterTests {
    @Test func returnsTheSignalThatArrived() async throws {
        // Ignored first, so a signal sent before the waiter's source is installed cannot end the test process.
        signal(SIGUSR2, SIG_IGN)
        let box = ReceivedSignal()
        let waiter = Task { box.set(await SignalWaiter.wait(for: [SIGUSR2])) }
        // The source is installed asynchronously: keep signalling until the waiter has heard one.
        for _ in 0..<100 where box.value == nil {
            kill(getpid(), SIGUSR2)
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(box.value == SIGUSR2)
        waiter.cancel()
    }
}

/// The signal number the waiter returned, shared between the test and the waiting task.
private final class ReceivedSignal: Sendable {
    private let storage = Mutex<Int32?>(nil)
    func set(_ value: Int32) { storage.withLock { $0 = value } }
    var value: Int32? { storage.withLock { $0 } }
}
