import CEpoll
import Foundation
import Glibc
import PayAssistCore
import Synchronization

/// The HTTP/1.1 server: POSIX sockets, a few epoll event-loop threads, async handlers.
///
/// `start()` binds and listens, then `configuration.eventLoopCount` threads serve every
/// connection without a thread per connection. Each request's handler runs as a Swift task off
/// the loops; its response is handed back through an eventfd. `shutdown()` stops accepting,
/// lets in-flight requests finish (up to `shutdownTimeout`) and closes idle connections.
///
/// ```swift
/// let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), responder: router)
/// try server.start()
/// print(server.port)
/// await server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    /// Addresses, limits and timeouts.
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let logger: Logger
    let metrics: HTTPMetrics?

    private enum Phase {
        case created, running, stopping, stopped
    }

    private struct State {
        var phase = Phase.created
        var port = 0
        var listenFD: Int32 = -1
        var mailboxes: [EventLoopMailbox] = []
        var runningLoops = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Creates a server; nothing is bound until `start()`.
    ///
    /// - Parameters:
    ///   - responder: answers every request (usually a `Router`, which is frozen on start).
    ///   - logger: receives one JSON line per request (method, path, status, duration, request id).
    ///   - metrics: when given, records requests, latency and open connections.
    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, logger: Logger = .disabled, metrics: HTTPMetrics? = nil) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.metrics = metrics
    }

    /// The bound port once started (useful with port 0); 0 before `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// Binds, listens and starts the event-loop threads.
    ///
    /// - Throws: `HTTPServerError.addressInUse` when the port is taken, other `HTTPServerError`s
    ///   for a bad host or a failing system call, `.notStartable` when called twice.
    public func start() throws {
        try state.withLock { state in
            guard state.phase == .created else { throw HTTPServerError.notStartable }
        }
        (responder as? Router)?.freeze()
        let (listenFD, port) = try PosixSocket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        var mailboxes: [EventLoopMailbox] = []
        var epollFDs: [Int32] = []
        func cleanUp() {
            for mailbox in mailboxes { _ = mailbox.close() }
            for fd in epollFDs { _ = close(fd) }
            _ = close(listenFD)
        }
        for index in 0..<configuration.eventLoopCount {
            let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
            guard epollFD >= 0 else {
                let code = errno
                cleanUp()
                throw HTTPServerError.systemCall(name: "epoll_create1", errno: code)
            }
            epollFDs.append(epollFD)
            do {
                mailboxes.append(try EventLoopMailbox())
            } catch {
                cleanUp()
                throw error
            }
            PosixSocket.epollAdd(epollFD, mailboxes[index].wakeFD, events: EPOLLIN.rawValue | EPOLLET.rawValue, token: UInt64.max - 1)
        }
        PosixSocket.epollAdd(epollFDs[0], listenFD, events: EPOLLIN.rawValue, token: UInt64.max)
        let started = state.withLock { state -> Bool in
            guard state.phase == .created else { return false }
            state.phase = .running
            state.port = port
            state.listenFD = listenFD
            state.mailboxes = mailboxes
            state.runningLoops = mailboxes.count
            return true
        }
        guard started else {
            cleanUp()
            throw HTTPServerError.notStartable
        }
        for index in 0..<mailboxes.count {
            let epollFD = epollFDs[index]
            let mailbox = mailboxes[index]
            let everyMailbox = mailboxes
            let thread = Thread { [self] in
                let loop = EventLoop(index: index, epollFD: epollFD, listenFD: index == 0 ? listenFD : -1,
                                     mailbox: mailbox, allMailboxes: everyMailbox, server: self)
                loop.run()
            }
            thread.name = "http-loop-\(index)"
            thread.start()
        }
        logger.info("http server listening", ["host": configuration.host, "port": String(port), "event_loops": String(mailboxes.count)])
    }

    /// Stops accepting, lets in-flight requests finish (at most `shutdownTimeout` seconds),
    /// closes idle connections, and returns when every event loop has exited.
    public func shutdown() async {
        let mailboxes: [EventLoopMailbox] = state.withLock { state in
            switch state.phase {
            case .created:
                state.phase = .stopped
                return []
            case .running:
                state.phase = .stopping
                return state.mailboxes
            case .stopping, .stopped:
                return []
            }
        }
        let deadline = PosixSocket.monotonicNow() + configuration.shutdownTimeout
        for mailbox in mailboxes { mailbox.post(.stop(deadline: deadline)) }
        await waitUntilStopped()
    }

    /// Returns once the server has stopped (after `shutdown()` finished).
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { state -> Bool in
                if state.phase == .stopped { return true }
                state.waiters.append(continuation)
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    /// Called by loop 0 once it no longer polls the listening socket: closes it.
    func listenerReleased() {
        let fd = state.withLock { state -> Int32 in
            let fd = state.listenFD
            state.listenFD = -1
            return fd
        }
        if fd >= 0 { _ = close(fd) }
    }

    /// Called by each loop thread as it exits; the last one marks the server stopped.
    func eventLoopDidExit() {
        let (waiters, listenFD) = state.withLock { state -> ([CheckedContinuation<Void, Never>], Int32) in
            state.runningLoops -= 1
            guard state.runningLoops == 0 else { return ([], -1) }
            state.phase = .stopped
            let waiters = state.waiters
            state.waiters = []
            let fd = state.listenFD
            state.listenFD = -1
            return (waiters, fd)
        }
        if listenFD >= 0 { _ = close(listenFD) }
        if !waiters.isEmpty { logger.info("http server stopped") }
        for waiter in waiters { waiter.resume() }
    }
}
