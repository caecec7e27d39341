/// One complete request as read off the wire, before routing.
public struct ParsedHTTPRequest: Sendable {
    /// The method token.
    public var method: HTTPMethod
    /// The target in origin-form ("/path?query").
    public var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    /// The header fields in arrival order.
    public var headers: HTTPHeaders
    /// The body, de-chunked.
    public var body: [UInt8]
    /// Whether the connection stays open after the response (version default and `Connection`).
    public var keepAlive: Bool

    /// The request as handlers see it.
    public func makeRequest() -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: headers, body: body)
    }
}
