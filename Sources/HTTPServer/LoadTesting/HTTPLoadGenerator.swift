import CEpoll
import Foundation
import PayAssistCore
import Glibc

/// A small closed-loop HTTP/1.1 load generator for `payassist bench http`: keep-alive
/// connections, each sending its next request as soon as the previous response is complete,
/// driven by epoll from a few threads (like wrk, without pipelining).
public enum HTTPLoadGenerator {
    /// Drives `connections` keep-alive connections to `host:port` with `request` for `seconds`
    /// (after `warmUp` seconds that are not measured) and returns what it measured.
    ///
    /// Runs on its own threads; the caller's task suspends without blocking a concurrency thread.
    public static func run(host: String, port: Int, request: [UInt8], connections: Int, seconds: Double,
                           warmUp: Double = 0.5, threads: Int = 1) async throws -> HTTPLoadResult {
        let threadCount = max(1, min(threads, connections))
        let address = try resolve(host: host, port: port)
        let results = try await withThrowingTaskGroup(of: HTTPLoadResult.self) { group in
            for index in 0..<threadCount {
                let share = connections / threadCount + (index < connections % threadCount ? 1 : 0)
                group.addTask {
                    try await BlockingWork.run(stackSize: 1 << 20) {
                        try LoadWorker(address: address, request: request, connections: share).run(warmUp: warmUp, seconds: seconds)
                    }
                }
            }
            var all: [HTTPLoadResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        let latencies = results.flatMap(\.latenciesMicroseconds).sorted()
        return HTTPLoadResult(
            completed: results.reduce(0) { $0 + $1.completed }, errors: results.reduce(0) { $0 + $1.errors },
            seconds: seconds, latenciesMicroseconds: latencies)
    }

    /// Opens `count` connections to `host:port`, sends `request` on each and reads its response,
    /// then leaves them open and idle. Returns the sockets; close them with `close(_:)`.
    public static func openIdleConnections(host: String, port: Int, count: Int, request: [UInt8]) async throws -> [Int32] {
        let address = try resolve(host: host, port: port)
        return try await BlockingWork.run(stackSize: 1 << 20) {
            var sockets: [Int32] = []
            sockets.reserveCapacity(count)
            do {
                for _ in 0..<count { sockets.append(try connectSocket(address, nonBlocking: false)) }
                for fd in sockets {
                    try sendAll(fd, request)
                }
                var buffer = [UInt8](repeating: 0, count: 4096)
                for fd in sockets {
                    var received: [UInt8] = []
                    while ResponseScanner.completeLength(of: received) == nil {
                        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                        guard count > 0 else { throw HTTPServerError.systemCall(name: "recv", errno: count == 0 ? ECONNRESET : errno) }
                        received.append(contentsOf: buffer[0..<count])
                    }
                }
            } catch {
                close(sockets)
                throw error
            }
            return sockets
        }
    }

    /// Closes sockets opened by `openIdleConnections`.
    public static func close(_ sockets: [Int32]) {
        for fd in sockets { _ = Glibc.close(fd) }
    }

    /// Raises the soft open-files limit to at least `needed` (up to the hard limit); returns the new soft limit.
    @discardableResult
    public static func raiseOpenFileLimit(to needed: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < rlim_t(needed) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(needed))
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    /// Resident memory of a process in bytes, from `/proc/<pid>/status` (VmRSS); "self" for this one.
    public static func residentMemoryBytes(pid: String = "self") -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let kilobytes = digits.first { return kilobytes * 1024 }
        }
        return nil
    }

    // MARK: Internals

    static func resolve(host: String, port: Int) throws -> sockaddr_storage {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPServerError.invalidAddress(host)
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        return storage
    }

    static func connectSocket(_ address: sockaddr_storage, nonBlocking: Bool) throws -> Int32 {
        var address = address
        let fd = socket(Int32(address.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError.systemCall(name: "socket", errno: errno) }
        let length = socklen_t(address.ss_family == sa_family_t(AF_INET6) ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        guard result == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            throw HTTPServerError.systemCall(name: "connect", errno: code)
        }
        PosixSocket.setNoDelay(fd)
        if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return fd
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { usleep(100); continue }
                throw HTTPServerError.systemCall(name: "send", errno: errno)
            }
            offset += sent
        }
    }

}

/// One load-generator thread: its own epoll instance and a share of the connections.
private final class LoadWorker {
    private struct Client {
        var fd: Int32
        var buffer: [UInt8] = []
        var sentAt: UInt64 = 0
    }

    private let address: sockaddr_storage
    private let request: [UInt8]
    private var clients: [Client] = []
    private let epollFD: Int32

    init(address: sockaddr_storage, request: [UInt8], connections: Int) throws {
        self.address = address
        self.request = request
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        for index in 0..<connections {
            let fd = try HTTPLoadGenerator.connectSocket(address, nonBlocking: true)
            clients.append(Client(fd: fd))
            PosixSocket.epollAdd(epollFD, fd, events: EPOLLIN.rawValue, token: UInt64(index))
        }
    }

    deinit {
        for client in clients where client.fd >= 0 { _ = close(client.fd) }
        _ = close(epollFD)
    }

    private static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    func run(warmUp: Double, seconds: Double) throws -> HTTPLoadResult {
        let start = Self.nanoseconds()
        let measureFrom = start + UInt64(warmUp * 1e9)
        let end = measureFrom + UInt64(seconds * 1e9)
        var completed = 0
        var errors = 0
        var latencies: [UInt32] = []
        latencies.reserveCapacity(1 << 16)
        for index in clients.indices { sendRequest(index, at: start, errors: &errors) }
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: 256)
        defer { events.deallocate() }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let now = Self.nanoseconds()
            if now >= end { break }
            let count = epoll_wait(epollFD, events, 256, 10)
            if count < 0 && errno != EINTR { break }
            for slot in 0..<max(0, Int(count)) {
                let index = Int(events[slot].data.u64)
                let received = read(clients[index].fd, chunk.baseAddress, chunk.count)
                if received <= 0 {
                    if received < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                    errors += 1
                    reconnect(index, errors: &errors)
                    continue
                }
                clients[index].buffer.append(contentsOf: chunk[0..<received])
                let finished = Self.nanoseconds()
                while let length = ResponseScanner.completeLength(of: clients[index].buffer) {
                    let ok = length > 12 && clients[index].buffer[9] == UInt8(ascii: "2")
                    clients[index].buffer.removeFirst(length)
                    if finished >= measureFrom && finished < end {
                        if ok {
                            completed += 1
                            latencies.append(UInt32(min(UInt64(UInt32.max), (finished - clients[index].sentAt) / 1000)))
                        } else {
                            errors += 1
                        }
                    }
                    sendRequest(index, at: finished, errors: &errors)
                }
            }
        }
        return HTTPLoadResult(completed: completed, errors: errors, seconds: seconds, latenciesMicroseconds: latencies)
    }

    private func sendRequest(_ index: Int, at now: UInt64, errors: inout Int) {
        clients[index].sentAt = now
        do {
            try HTTPLoadGenerator.sendAll(clients[index].fd, request)
        } catch {
            // Counted once; the connection is dropped rather than retried in a loop.
            errors += 1
            _ = close(clients[index].fd)
            clients[index].fd = -1
        }
    }

    private func reconnect(_ index: Int, errors: inout Int) {
        _ = close(clients[index].fd)
        clients[index].buffer.removeAll()
        guard let fd = try? HTTPLoadGenerator.connectSocket(address, nonBlocking: true) else {
            clients[index].fd = -1
            return
        }
        clients[index].fd = fd
        PosixSocket.epollAdd(epollFD, fd, events: EPOLLIN.rawValue, token: UInt64(index))
        sendRequest(index, at: Self.nanoseconds(), errors: &errors)
    }
}
