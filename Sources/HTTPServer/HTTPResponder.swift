/// Anything that turns a request into a response: the router, or a test double.
///
/// The server calls `respond(to:)` off its event loop; a responder never throws, it answers errors.
public protocol HTTPResponder: Sendable {
    /// Answers one request.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// A route handler: throws coded errors, which the router maps to the JSON error body.
public typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse
