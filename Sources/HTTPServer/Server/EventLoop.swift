import CEpoll
import Glibc
import PayAssistCore

/// One event-loop thread: an epoll instance serving many connections without blocking.
///
/// The loop reads, parses and writes; handlers run as Swift tasks off the loop and post their
/// responses back through the `EventLoopMailbox`. Loop 0 also accepts and deals connections out
/// round-robin. Everything in this class is confined to its thread.
final class EventLoop {
    private static let listenToken = UInt64.max
    private static let wakeToken = UInt64.max - 1
    /// Bytes buffered from a client while its previous request is still being handled.
    private static let maximumBufferedInput = 256 * 1024

    private let index: Int
    private let epollFD: Int32
    private let mailbox: EventLoopMailbox
    private let allMailboxes: [EventLoopMailbox]
    private let server: HTTPServer
    private let responder: any HTTPResponder
    private let configuration: HTTPServerConfiguration
    private let limits: HTTPParserLimits
    private let metrics: HTTPMetrics?
    private let logger: Logger
    private let logsRequests: Bool
    private var listenFD: Int32

    private var connections: [HTTPConnection?] = []
    private var connectionCount = 0
    private var nextSerial: UInt64 = 0
    private var nextLoopForAccept = 0
    private var stopping = false
    private var stopDeadline = Double.infinity
    private var acceptPausedUntil: Double?
    private var dateCache = HTTPDateCache()
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var messages: [EventLoopMailbox.Message] = []
    private let checkInterval: Double
    private var nextCheck: Double = 0

    init(index: Int, epollFD: Int32, listenFD: Int32, mailbox: EventLoopMailbox, allMailboxes: [EventLoopMailbox], server: HTTPServer) {
        self.index = index
        self.epollFD = epollFD
        self.listenFD = listenFD
        self.mailbox = mailbox
        self.allMailboxes = allMailboxes
        self.server = server
        self.responder = server.responder
        self.configuration = server.configuration
        self.limits = server.configuration.parserLimits
        self.metrics = server.metrics
        self.logger = server.logger
        self.logsRequests = server.logger.minimumLevel <= .info && !(server.logger.sink is NullLogSink)
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        let shortest = min(configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout)
        self.checkInterval = min(0.25, max(0.01, shortest / 4))
    }

    deinit { readBuffer.deallocate() }

    /// Runs until shutdown has closed every connection.
    func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        let timeoutMilliseconds = Int32(checkInterval * 1000)
        while true {
            let count = epoll_wait(epollFD, events, Int32(capacity), timeoutMilliseconds)
            if count < 0 {
                if errno == EINTR { continue }
                logger.error("epoll_wait failed", ["errno": String(errno)])
                break
            }
            for slot in 0..<Int(count) {
                let event = events[slot]
                let token = event.data.u64
                if token == Self.wakeToken {
                    handleMailbox()
                } else if token == Self.listenToken {
                    acceptConnections()
                } else {
                    handleSocketEvent(fd: Int32(truncatingIfNeeded: token), events: event.events)
                }
            }
            let now = PosixSocket.monotonicNow()
            if now >= nextCheck {
                nextCheck = now + checkInterval
                checkTimeouts(now: now)
            }
            if stopping && connectionCount == 0 { break }
        }
        for connection in connections.compactMap({ $0 }) { closeConnection(connection) }
        for message in mailbox.close() {
            if case .adopt(let fd) = message { _ = close(fd) }
        }
        _ = close(epollFD)
        server.eventLoopDidExit()
    }

    // MARK: Accepting

    private func acceptConnections() {
        guard !stopping else { return }
        for _ in 0..<128 {
            let fd = accept4(listenFD, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    return
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: stop polling the listener briefly instead of spinning.
                    logger.warning("accept paused", ["errno": String(errno)])
                    PosixSocket.epollRemove(epollFD, listenFD)
                    acceptPausedUntil = PosixSocket.monotonicNow() + 0.1
                    return
                default:
                    logger.warning("accept failed", ["errno": String(errno)])
                    return
                }
            }
            let target = nextLoopForAccept
            nextLoopForAccept = (nextLoopForAccept + 1) % allMailboxes.count
            if target == index {
                adopt(fd)
            } else if !allMailboxes[target].post(.adopt(fd: fd)) {
                adopt(fd)
            }
        }
    }

    private func adopt(_ fd: Int32) {
        guard !stopping else {
            _ = close(fd)
            return
        }
        PosixSocket.setNoDelay(fd)
        let events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        guard PosixSocket.epollAdd(epollFD, fd, events: events, token: UInt64(fd)) else {
            _ = close(fd)
            return
        }
        nextSerial += 1
        let timeouts = ConnectionTimeouts(
            headerTimeout: configuration.headerTimeout, bodyTimeout: configuration.bodyTimeout,
            idleTimeout: configuration.idleTimeout, now: PosixSocket.monotonicNow())
        let connection = HTTPConnection(fd: fd, serial: nextSerial, limits: limits, timeouts: timeouts)
        let slot = Int(fd)
        if slot >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(slot + 1 - connections.count, connections.count)))
        }
        connections[slot] = connection
        connectionCount += 1
        metrics?.connectionOpened()
    }

    // MARK: Mailbox

    private func handleMailbox() {
        mailbox.drain(into: &messages)
        for message in messages {
            switch message {
            case .response(let fd, let serial, let response):
                handleResponse(fd: fd, serial: serial, response: response)
            case .adopt(let fd):
                adopt(fd)
            case .stop(let deadline):
                beginStopping(deadline: deadline)
            }
        }
        messages.removeAll(keepingCapacity: true)
    }

    // MARK: Socket events

    private func handleSocketEvent(fd: Int32, events: UInt32) {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        if events & EPOLLERR.rawValue != 0 {
            closeConnection(connection)
            return
        }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            handleReadable(connection, peerHungUp: events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0)
            if connections[Int(fd)] !== connection { return }
        }
        if events & EPOLLOUT.rawValue != 0, connection.hasPendingOutput {
            if flush(connection) { afterFlush(connection) }
        }
    }

    /// Reads what the socket has. A short read means it is drained (edge-triggered epoll reports
    /// new data again), unless the peer hung up: then read on to see the end of the stream.
    private func handleReadable(_ connection: HTTPConnection, peerHungUp: Bool = false) {
        connection.readPending = false
        while true {
            // Back-pressure: while a request is handled or its response cannot be sent, buffer
            // only so much of what the client sends next.
            if (connection.inFlight != nil || connection.hasPendingOutput) && connection.parser.bufferedByteCount >= Self.maximumBufferedInput {
                connection.readPending = true
                break
            }
            let count = read(connection.fd, readBuffer.baseAddress, readBuffer.count)
            if count > 0 {
                if !connection.lingering {
                    connection.parser.append(bytes: UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
                }
                if count < readBuffer.count && !peerHungUp { break }
                continue
            }
            if count == 0 {
                connection.peerClosed = true
                break
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { break }
            closeConnection(connection)
            return
        }
        if connection.lingering {
            // While stopping, a drained lingering connection is closed at once: its response is out.
            if connection.peerClosed || stopping { closeConnection(connection) }
            return
        }
        processInput(connection)
    }

    /// Parses buffered bytes and starts the next request, unless one is already being handled.
    private func processInput(_ connection: HTTPConnection) {
        while connection.inFlight == nil && !connection.hasPendingOutput && !connection.closeAfterFlush && !connection.lingering {
            switch connection.parser.next() {
            case .request(let parsed):
                startRequest(parsed, on: connection)
                return
            case .continueExpected:
                connection.output.append(contentsOf: HTTPResponseSerializer.continueBytes)
                if !flush(connection) { return }
            case .needMoreData:
                if connection.peerClosed {
                    // The client hung up between requests or in the middle of one: nothing to answer.
                    closeConnection(connection)
                    return
                }
                let now = PosixSocket.monotonicNow()
                switch connection.parser.phase {
                case .idle:
                    connection.timeouts.enter(.idle, at: now)
                    connection.parser.releaseMemoryIfIdle()
                    if stopping { beginClose(connection) }
                case .head: connection.timeouts.enter(.readingHead, at: now)
                case .body: connection.timeouts.enter(.readingBody, at: now)
                }
                return
            case .failure(let error):
                answerError(error, on: connection)
                return
            }
        }
    }

    private func startRequest(_ parsed: ParsedHTTPRequest, on connection: HTTPConnection) {
        let now = PosixSocket.monotonicNow()
        connection.timeouts.enter(.processing, at: now)
        let request = parsed.makeRequest()
        connection.inFlight = HTTPConnection.InFlight(
            method: request.method, path: request.path, requestID: request.requestID,
            started: now, keepAlive: parsed.keepAlive)
        let responder = self.responder
        let mailbox = self.mailbox
        let fd = connection.fd
        let serial = connection.serial
        Task {
            let response = await responder.respond(to: request)
            mailbox.post(.response(fd: fd, serial: serial, response: response))
        }
    }

    private func handleResponse(fd: Int32, serial: UInt64, response: HTTPResponse) {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)], connection.serial == serial,
              let flight = connection.inFlight else { return }
        connection.inFlight = nil
        let keepAlive = flight.keepAlive && !stopping
        HTTPResponseSerializer.serialize(
            response, requestID: flight.requestID, keepAlive: keepAlive, omitBody: flight.method == .head,
            date: dateCache.current(), into: &connection.output)
        let now = PosixSocket.monotonicNow()
        record(method: flight.method.rawValue, path: flight.path, route: response.routePattern ?? "unmatched",
               status: response.status, requestID: flight.requestID, seconds: now - flight.started)
        if !keepAlive { connection.closeAfterFlush = true }
        connection.timeouts.enter(.writing, at: now)
        if flush(connection) { afterFlush(connection) }
    }

    /// Queues the JSON error for a request that cannot be read, then closes the connection.
    private func answerError(_ error: HTTPParseError, on connection: HTTPConnection) {
        let requestID = HTTPRequest.newRequestID()
        HTTPResponseSerializer.serialize(
            error.response, requestID: requestID, keepAlive: false, omitBody: false,
            date: dateCache.current(), into: &connection.output)
        record(method: "-", path: "-", route: "unmatched", status: error.status, requestID: requestID, seconds: 0, code: error.code)
        connection.closeAfterFlush = true
        connection.timeouts.enter(.writing, at: PosixSocket.monotonicNow())
        if flush(connection) { afterFlush(connection) }
    }

    private func record(method: String, path: String, route: String, status: Int, requestID: String, seconds: Double, code: String? = nil) {
        metrics?.recordRequest(route: route, method: method, status: status, seconds: seconds)
        guard logsRequests else { return }
        var fields = [
            "method": method, "path": path, "status": String(status),
            "duration_ms": String(Double((seconds * 1_000_000).rounded()) / 1000), "request_id": requestID,
        ]
        if let code { fields["error_code"] = code }
        logger.info("request", fields)
    }

    // MARK: Writing

    /// Sends queued bytes; true when everything went out, false when the socket is full or closed.
    private func flush(_ connection: HTTPConnection) -> Bool {
        while connection.outputOffset < connection.output.count {
            let sent = connection.output.withUnsafeBytes { bytes in
                send(connection.fd, bytes.baseAddress! + connection.outputOffset, bytes.count - connection.outputOffset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputOffset += sent
                connection.timeouts.wroteSome(at: PosixSocket.monotonicNow())
                continue
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            if sent < 0 && (code == EAGAIN || code == EWOULDBLOCK) { return false }
            closeConnection(connection)
            return false
        }
        if connection.output.capacity > 64 * 1024 {
            connection.output = []
        } else {
            connection.output.removeAll(keepingCapacity: true)
        }
        connection.outputOffset = 0
        return true
    }

    /// After a response is fully sent: close, or go on with pipelined or pending input.
    private func afterFlush(_ connection: HTTPConnection) {
        guard connection.inFlight == nil else { return }
        if connection.closeAfterFlush {
            beginClose(connection)
        } else if connection.readPending {
            handleReadable(connection)
        } else {
            processInput(connection)
        }
    }

    // MARK: Closing

    /// Half-closes after the final response and drains input briefly, so the client reads the
    /// response instead of a reset caused by unread bytes.
    private func beginClose(_ connection: HTTPConnection) {
        guard !connection.lingering else { return }
        if connection.peerClosed {
            closeConnection(connection)
            return
        }
        connection.lingering = true
        _ = shutdown(connection.fd, Int32(SHUT_WR))
        connection.timeouts.enter(.lingering, at: PosixSocket.monotonicNow())
        handleReadable(connection)
    }

    private func closeConnection(_ connection: HTTPConnection) {
        guard Int(connection.fd) < connections.count, connections[Int(connection.fd)] === connection else { return }
        connections[Int(connection.fd)] = nil
        connectionCount -= 1
        _ = close(connection.fd)
        metrics?.connectionClosed()
    }

    private func checkTimeouts(now: Double) {
        if let until = acceptPausedUntil, now >= until, !stopping {
            acceptPausedUntil = nil
            PosixSocket.epollAdd(epollFD, listenFD, events: EPOLLIN.rawValue, token: Self.listenToken)
        }
        let forceClose = stopping && now >= stopDeadline
        for slot in connections.indices {
            guard let connection = connections[slot] else { continue }
            if forceClose {
                closeConnection(connection)
                continue
            }
            guard let expiry = connection.timeouts.expired(at: now) else { continue }
            switch expiry {
            case .idle, .write, .linger:
                closeConnection(connection)
            case .head, .body:
                answerError(.requestTimeout, on: connection)
            }
        }
    }

    private func beginStopping(deadline: Double) {
        guard !stopping else { return }
        stopping = true
        stopDeadline = deadline
        if listenFD >= 0 {
            PosixSocket.epollRemove(epollFD, listenFD)
            listenFD = -1
            server.listenerReleased()
        }
        for slot in connections.indices {
            guard let connection = connections[slot] else { continue }
            if connection.lingering || (connection.inFlight == nil && !connection.hasPendingOutput && connection.parser.phase != .body) {
                // Idle or only part of a head received: nothing in flight to finish.
                closeConnection(connection)
            }
        }
    }
}
