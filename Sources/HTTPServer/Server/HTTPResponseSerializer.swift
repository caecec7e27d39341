import Glibc

/// Turns an `HTTPResponse` into HTTP/1.1 bytes, adding the headers the server owns:
/// `Content-Length`, `Date`, `Connection` and `X-Request-Id`.
enum HTTPResponseSerializer {
    /// Header names the server always writes itself; a handler's values for them are replaced.
    private static let serverOwned: Set<String> = ["content-length", "date", "connection", "transfer-encoding"]

    /// Appends the response to `output`.
    ///
    /// - Parameters:
    ///   - omitBody: true for HEAD: the Content-Length of the full body is sent, the body is not.
    ///   - date: the IMF-fixdate for the Date header (cached per second by the caller).
    static func serialize(_ response: HTTPResponse, requestID: String, keepAlive: Bool, omitBody: Bool, date: String, into output: inout [UInt8]) {
        let status = response.status
        output.append(contentsOf: "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n".utf8)
        var hasRequestID = false
        for (name, value) in response.headers {
            let lowered = name.lowercased()
            if serverOwned.contains(lowered) { continue }
            if lowered == "x-request-id" { hasRequestID = true }
            appendHeader(name, value, to: &output)
        }
        let bodyAllowed = !(status == 204 || status == 304 || (100..<200).contains(status))
        if bodyAllowed {
            output.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        output.append(contentsOf: "Date: ".utf8)
        output.append(contentsOf: date.utf8)
        output.append(contentsOf: keepAlive ? "\r\nConnection: keep-alive\r\n".utf8 : "\r\nConnection: close\r\n".utf8)
        if !hasRequestID { appendHeader("X-Request-Id", requestID, to: &output) }
        output.append(contentsOf: "\r\n".utf8)
        if bodyAllowed && !omitBody { output.append(contentsOf: response.body) }
    }

    /// Writes one header line; CR, LF and other control bytes in a value become spaces so a
    /// handler can never split the response.
    private static func appendHeader(_ name: String, _ value: String, to output: inout [UInt8]) {
        for byte in name.utf8 where HTTPSyntax.isTokenByte(byte) { output.append(byte) }
        output.append(contentsOf: ": ".utf8)
        for byte in value.utf8 { output.append(byte < 32 && byte != 9 || byte == 127 ? 32 : byte) }
        output.append(contentsOf: "\r\n".utf8)
    }

    /// The interim response for `Expect: 100-continue`.
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
