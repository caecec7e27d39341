import Foundation

/// A parsed HTTP request, as handlers see it. Holds no socket.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The request target as sent ("/v1/customers/c1?x=1").
    public var target: String
    /// The decoded path without the query ("/v1/customers/c1").
    public var path: String
    /// Query parameters, percent-decoded; the last value wins for a repeated name.
    public var query: [String: String]
    /// Header fields.
    public var headers: HTTPHeaders
    /// The body bytes (already de-chunked).
    public var body: [UInt8]
    /// Parameters captured by the router from the path pattern (":id" -> "c1").
    public var pathParameters: [String: String] = [:]
    /// The route pattern that matched ("/v1/customers/:id"), for metrics and logs.
    public var routePattern: String?
    /// A unique id for logs, taken from `X-Request-Id` when the client sent a sane one.
    public var requestID: String

    /// Builds a request; `target` is split into path and query.
    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], requestID: String? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        let (path, query) = HTTPRequest.splitTarget(target)
        self.path = path
        self.query = query
        if let given = requestID ?? headers["X-Request-Id"], !given.isEmpty, given.count <= 128,
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            self.requestID = given
        } else {
            self.requestID = HTTPRequest.newRequestID()
        }
    }

    /// A path parameter captured by the router.
    public func parameter(_ name: String) -> String? { pathParameters[name] }

    /// The body as UTF-8 text; nil if it is not valid UTF-8.
    public var bodyText: String? {
        var copy = body
        return copy.withUTF8Validation()
    }

    static func splitTarget(_ target: String) -> (String, [String: String]) {
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = pieces.first.map(String.init) ?? "/"
        let path = rawPath.removingPercentEncoding ?? rawPath
        var query: [String: String] = [:]
        if pieces.count == 2 {
            for pair in pieces[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(kv[0]).replacingOccurrences(of: "+", with: " ")
                let value = kv.count == 2 ? String(kv[1]).replacingOccurrences(of: "+", with: " ") : ""
                query[name.removingPercentEncoding ?? name] = value.removingPercentEncoding ?? value
            }
        }
        return (path, query)
    }

    private static let counter = RequestCounter()

    static func newRequestID() -> String { counter.next() }
}

private extension Array where Element == UInt8 {
    mutating func withUTF8Validation() -> String? {
        String(validating: self, as: UTF8.self)
    }
}

import Synchronization

/// Process-unique request ids: a random prefix chosen at start plus a counter.
final class RequestCounter: Sendable {
    private let value = Atomic<UInt64>(0)
    private let prefix: String = String(UInt64.random(in: 0..<UInt64.max) & 0xffff_ffff, radix: 16)

    func next() -> String {
        let n = value.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(prefix)-\(String(n, radix: 16))"
    }
}
