import CEpoll
import Glibc
import Synchronization

/// The thread-safe way into one event loop: messages plus an eventfd that wakes its epoll_wait.
///
/// Handler tasks post their responses here; the acceptor posts new connections. Only the first
/// message after a drain writes the eventfd, so a busy loop is woken once per batch.
final class EventLoopMailbox: Sendable {
    /// Work for the loop thread.
    enum Message: Sendable {
        /// A handler finished: send its response on connection `fd` if it is still `serial`.
        case response(fd: Int32, serial: UInt64, response: HTTPResponse)
        /// Take over an accepted connection.
        case adopt(fd: Int32)
        /// Graceful shutdown: stop accepting, finish in-flight requests until `deadline` (monotonic seconds).
        case stop(deadline: Double)
    }

    private struct Queue {
        var messages: [Message] = []
        var signaled = false
        var closed = false
    }

    /// The eventfd registered with the loop's epoll instance.
    let wakeFD: Int32
    private let queue = Mutex(Queue())

    /// Creates a mailbox with a fresh non-blocking eventfd.
    init() throws {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw HTTPServerError.systemCall(name: "eventfd", errno: errno) }
        wakeFD = fd
    }

    /// Queues a message and wakes the loop if it is not already awake for earlier messages.
    /// Returns false when the loop has exited (the message is dropped).
    @discardableResult
    func post(_ message: Message) -> Bool {
        queue.withLock { queue in
            guard !queue.closed else { return false }
            queue.messages.append(message)
            if !queue.signaled {
                queue.signaled = true
                var one: UInt64 = 1
                // The write happens under the lock so it can never hit a closed (and reused) fd.
                _ = write(wakeFD, &one, 8)
            }
            return true
        }
    }

    /// Takes every queued message (called by the loop thread when the eventfd is readable).
    func drain(into messages: inout [Message]) {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
        queue.withLock { queue in
            swap(&messages, &queue.messages)
            queue.signaled = false
        }
    }

    /// Closes the eventfd; later posts are dropped. Returns messages still queued (to release them).
    func close() -> [Message] {
        queue.withLock { queue in
            queue.closed = true
            _ = Glibc.close(wakeFD)
            let left = queue.messages
            queue.messages = []
            return left
        }
    }
}
