import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one HTTP request and reports the status code; swappable so tests need no network.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` with `headers` to `url`; returns the status code or throws on a network error or timeout.
    func post(url: URL, headers: [String: String], body: [UInt8], timeout: TimeInterval) async throws -> Int
}

/// The real transport: URLSession.
public struct URLSessionWebhookTransport: WebhookTransport {
    public init() {}

    public func post(url: URL, headers: [String: String], body: [UInt8], timeout: TimeInterval) async throws -> Int {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, error in
                if let error { continuation.resume(throwing: error); return }
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
            }.resume()
        }
    }
}
