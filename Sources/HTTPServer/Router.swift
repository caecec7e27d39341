import PayAssistCore

/// Routes requests by method and path pattern ("/v1/accounts/:number/bills") to handlers.
///
/// Unknown paths answer 404, a known path with another method 405 with `Allow`, HEAD falls back
/// to GET (the server drops the body). Errors thrown by handlers become the JSON error body.
public final class Router: HTTPResponder, @unchecked Sendable {
    // @unchecked Sendable: routes are only added before the server starts (the builder phase);
    // after that the router is read-only, which `freeze()` enforces with a precondition.
    private struct Route {
        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]
        let handler: HTTPHandler
    }

    private enum Segment: Equatable {
        case literal(String)
        case parameter(String)
        case wildcardRest(String)
    }

    private var routes: [Route] = []
    private var frozen = false
    /// Language picked for error messages from `Accept-Language`.
    public var languageForErrors: @Sendable (HTTPRequest) -> Language = { Language.preferred(fromAcceptLanguage: $0.headers["Accept-Language"]) ?? .en }

    public init() {}

    /// Adds a route. `pattern` segments starting with ":" capture a parameter; a final "*name" captures the rest.
    public func on(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        precondition(!frozen, "routes must be added before the router serves requests")
        let segments: [Segment] = pattern.split(separator: "/").map { piece in
            if piece.hasPrefix(":") { return .parameter(String(piece.dropFirst())) }
            if piece.hasPrefix("*") { return .wildcardRest(String(piece.dropFirst())) }
            return .literal(String(piece))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    public func get(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.get, pattern, handler) }
    public func post(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.post, pattern, handler) }
    public func put(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.put, pattern, handler) }
    public func delete(_ pattern: String, _ handler: @escaping HTTPHandler) { on(.delete, pattern, handler) }

    /// Stops further route additions; called by the server when it starts.
    public func freeze() { frozen = true }

    private func match(_ route: Route, _ parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in route.segments {
            switch segment {
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
                index += 1
            case .parameter(let name):
                guard index < parts.count else { return nil }
                parameters[name] = String(parts[index])
                index += 1
            case .wildcardRest(let name):
                parameters[name] = parts[index...].joined(separator: "/")
                return parameters
            }
        }
        return index == parts.count ? parameters : nil
    }

    /// Finds the route for a request: the handler with captured parameters, or the methods allowed.
    public func resolve(_ request: HTTPRequest) -> (route: (pattern: String, parameters: [String: String], handler: HTTPHandler)?, allowed: [HTTPMethod]) {
        let parts = request.path.split(separator: "/")
        var allowed: [HTTPMethod] = []
        var headFallback: (String, [String: String], HTTPHandler)?
        for route in routes {
            guard let parameters = match(route, parts) else { continue }
            if route.method == request.method { return ((route.pattern, parameters, route.handler), []) }
            if request.method == .head && route.method == .get && headFallback == nil { headFallback = (route.pattern, parameters, route.handler) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let headFallback { return ((headFallback.0, headFallback.1, headFallback.2), []) }
        if allowed.contains(.get) && !allowed.contains(.head) { allowed.append(.head) }
        return (nil, allowed)
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let resolved = resolve(request)
        guard let route = resolved.route else {
            if resolved.allowed.isEmpty {
                return .error(status: 404, code: "not_found", message: "No route for \(request.path).")
            }
            var headers = HTTPHeaders()
            headers.add(name: "Allow", value: resolved.allowed.map(\.rawValue).joined(separator: ", "))
            return .error(status: 405, code: "method_not_allowed", message: "\(request.method) is not allowed here.", extraHeaders: headers)
        }
        var routed = request
        routed.pathParameters = route.parameters
        routed.routePattern = route.pattern
        var response: HTTPResponse
        do {
            response = try await route.handler(routed)
        } catch {
            response = .error(error, language: languageForErrors(routed))
        }
        response.routePattern = route.pattern
        return response
    }
}
