import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Synchronization

/// One HTTP exchange as the gateway client needs it, independent of how bytes travel.
public struct GatewayWireRequest: Sendable {
    /// "GET" or "POST".
    public var method: String
    /// Path and query under the base URL ("/gateway/v1/payments").
    public var path: String
    /// Header fields.
    public var headers: [String: String]
    /// The JSON body, empty for GET.
    public var body: [UInt8]

    public init(method: String, path: String, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// The status, headers and body of an answer.
public struct GatewayWireResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why no answer arrived.
public enum GatewayTransportError: Error, Sendable, Equatable {
    /// Nothing within the timeout.
    case timedOut
    /// Refused, reset, or closed before a full answer.
    case connectionFailed(String)
}

/// Moves one request to the gateway and its answer back. `HTTPGatewayClient` adds retries on top.
public protocol GatewayTransport: Sendable {
    /// Sends `request`, waiting at most `timeout` seconds for the whole answer.
    func send(_ request: GatewayWireRequest, timeout: Double) async throws(GatewayTransportError) -> GatewayWireResponse
}

/// Sends requests over HTTP with FoundationNetworking's URLSession.
public struct URLSessionGatewayTransport: GatewayTransport {
    /// The gateway's base URL ("http://127.0.0.1:8090").
    public let baseURL: URL
    private let session: URLSession

    public init(baseURL: URL) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    public func send(_ request: GatewayWireRequest, timeout: Double) async throws(GatewayTransportError) -> GatewayWireResponse {
        guard let url = URL(string: baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + request.path) else {
            throw .connectionFailed("bad URL")
        }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        do {
            let prepared = urlRequest
            let (data, response) = try await data(for: prepared, deadline: timeout)
            guard let http = response as? HTTPURLResponse else { throw GatewayTransportError.connectionFailed("not HTTP") }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return GatewayWireResponse(status: http.statusCode, headers: headers, body: Array(data))
        } catch let error as GatewayTransportError {
            throw error
        } catch let error as URLError where error.code == .timedOut {
            throw .timedOut
        } catch {
            throw .connectionFailed(String(describing: type(of: error)))
        }
    }
}

extension URLSessionGatewayTransport {
    /// The answer to `request`, or `GatewayTransportError.timedOut` after `seconds`.
    ///
    /// Uses the completion-handler API and cancels the late task from a plain dispatch queue: cancelling
    /// FoundationNetworking's async `data(for:)` through Swift task cancellation can deadlock on Linux
    /// when the transfer completes at the same moment (the task's status lock against the session's queue).
    func data(for request: URLRequest, deadline seconds: Double) async throws -> (Data, URLResponse) {
        let outcome = ResumeOnce<(Data, URLResponse)>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.set(continuation)
            let task = session.dataTask(with: request) { data, response, error in
                if let data, let response {
                    outcome.resume(with: .success((data, response)))
                } else {
                    outcome.resume(with: .failure(error ?? URLError(.badServerResponse)))
                }
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                outcome.resume(with: .failure(GatewayTransportError.timedOut))
                task.cancel()
            }
        }
    }
}

/// A continuation resumed by whichever comes first (the answer or the deadline), exactly once.
final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func set(_ value: CheckedContinuation<Value, any Error>) { continuation.withLock { $0 = value } }

    func resume(with result: Result<Value, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}

/// Sends requests straight to an in-process responder (a `Router`): same bytes, no socket.
/// Used by tests, benchmarks and anything that runs the gateway in the same process.
public struct InProcessGatewayTransport: GatewayTransport {
    private let responder: any HTTPResponder

    public init(responder: any HTTPResponder) { self.responder = responder }

    public func send(_ request: GatewayWireRequest, timeout: Double) async throws(GatewayTransportError) -> GatewayWireResponse {
        var headers = HTTPHeaders()
        for (name, value) in request.headers { headers.add(name: name, value: value) }
        let httpRequest = HTTPRequest(method: HTTPMethod(request.method), target: request.path, headers: headers, body: request.body)
        do {
            let response = try await withDeadline(seconds: timeout) { [responder] in await responder.respond(to: httpRequest) }
            if response.headers["Connection"]?.lowercased() == "close" && response.status == 503 {
                throw GatewayTransportError.connectionFailed("connection closed")
            }
            var out: [String: String] = [:]
            for (name, value) in response.headers { out[name.lowercased()] = value }
            return GatewayWireResponse(status: response.status, headers: out, body: response.body)
        } catch let error as GatewayTransportError {
            throw error
        } catch {
            throw .connectionFailed("canceled")
        }
    }
}

/// Runs `operation`, throwing `GatewayTransportError.timedOut` if it takes longer than `seconds`.
func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw GatewayTransportError.timedOut
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw GatewayTransportError.timedOut }
        return first
    }
}
