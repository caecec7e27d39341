import Dispatch
import Foundation
import PayAssistCore
import Glibc

/// A response as the test client read it off the socket.
struct ReceivedResponse {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The `error.code` of the JSON error body, if it is one.
    var errorCode: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let error = object["error"] as? [String: Any] else { return nil }
        return error["code"] as? String
    }
}

struct TestClientError: Error, CustomStringConvertible {
    let description: String
}

/// A raw blocking TCP client for live tests: sends exact bytes, reads exact responses.
///
/// @unchecked Sendable: each client is used by one test, one call at a time (every call is
/// awaited before the next), so its buffer is never touched concurrently.
final class TestClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds.
    ///
    /// The default is generous: in a full `swift test` run other suites may hold the two
    /// cooperative threads for seconds (training the intent engine), and handlers wait for them.
    init(port: Int, timeout: Double = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            _ = close(fd)
            throw TestClientError(description: "connect failed: errno \(errno)")
        }
        var interval = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { _ = close(fd) }

    /// Sends text exactly as given.
    func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    /// Sends bytes exactly as given.
    func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw TestClientError(description: "send failed: errno \(errno)")
            }
            offset += sent
        }
    }

    /// Reads more bytes; returns false on EOF, throws on timeout or error.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw TestClientError(description: "read timed out") }
            if errno == ECONNRESET { return false }
            throw TestClientError(description: "recv failed: errno \(errno)")
        }
    }

    /// Reads one complete response (body by Content-Length; none when `expectBody` is false).
    func readResponse(expectBody: Bool = true) throws -> ReceivedResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffer.firstRange(of: separator) {
                headEnd = range.upperBound
                break
            }
            guard try fill() else { throw TestClientError(description: "connection closed before a response") }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestClientError(description: "bad status line in \(head)")
        }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : "")
        }
        let length = expectBody && status >= 200 ? Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0 : 0
        while buffer.count < headEnd! + length {
            guard try fill() else { throw TestClientError(description: "connection closed inside a body") }
        }
        let body = Array(buffer[headEnd!..<(headEnd! + length)])
        buffer.removeFirst(headEnd! + length)
        return ReceivedResponse(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
    }

    /// True when the server closes the connection (EOF or reset) with no further bytes.
    func waitForClose() throws -> Bool {
        while true {
            let before = buffer.count
            guard try fill() else { return buffer.count == before }
        }
    }

    /// Reads (and discards) until the server closes; true on close, throws on timeout.
    func drainUntilClosed() throws -> Bool {
        while try fill() {}
        buffer.removeAll()
        return true
    }

    /// Bytes received but not yet consumed.
    var unreadByteCount: Int { buffer.count }

    /// Sends a request and reads its response.
    func exchange(_ text: String, expectBody: Bool = true) throws -> ReceivedResponse {
        try send(text)
        return try readResponse(expectBody: expectBody)
    }
}

