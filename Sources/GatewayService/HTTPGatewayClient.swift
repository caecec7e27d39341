import Foundation
import PayAssistCore
import PaymentGateway

/// How often and how patiently `HTTPGatewayClient` retries.
public struct GatewayRetryPolicy: Sendable {
    /// Tries per call, the first included.
    public var maxAttempts: Int
    /// Per-attempt timeout, seconds.
    public var timeout: Double
    /// The wait before the first retry, seconds; doubled each time up to `maximumDelay`, with ±50% jitter.
    public var initialDelay: Double
    /// The longest wait between tries, seconds.
    public var maximumDelay: Double

    public init(maxAttempts: Int = 4, timeout: Double = 10, initialDelay: Double = 0.1, maximumDelay: Double = 2) {
        precondition(maxAttempts >= 1 && timeout > 0 && initialDelay >= 0 && maximumDelay >= initialDelay)
        self.maxAttempts = maxAttempts
        self.timeout = timeout
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before try number `attempt + 1` (attempt counts from 1), seconds.
    public func delay(afterAttempt attempt: Int) -> Double {
        let base = min(maximumDelay, initialDelay * pow(2, Double(attempt - 1)))
        return base * Double.random(in: 0.5...1.5)
    }
}

/// The client the rest of PayAssist uses to reach the gateway over HTTP.
///
/// Each call has a per-attempt timeout. Network errors, timeouts, 5xx, 429 and 409 `request_in_progress`
/// are retried with backoff and the SAME Idempotency-Key, so a retried payment is charged once.
/// A decline is a 200 with a failed `Payment` and is never retried; other 4xx become
/// `GatewayClientError.rejected` with the server's code and localized message.
public struct HTTPGatewayClient: PaymentGatewayClient {
    private let transport: any GatewayTransport
    private let secretKey: String
    private let policy: GatewayRetryPolicy
    private let logger: Logger

    /// A client over URLSession to the gateway at `baseURL` ("http://127.0.0.1:8090").
    public init(baseURL: URL, secretKey: String, policy: GatewayRetryPolicy = GatewayRetryPolicy(), logger: Logger = .disabled) {
        self.init(transport: URLSessionGatewayTransport(baseURL: baseURL), secretKey: secretKey, policy: policy, logger: logger)
    }

    /// A client over any transport (an in-process router, a test double).
    public init(transport: any GatewayTransport, secretKey: String, policy: GatewayRetryPolicy = GatewayRetryPolicy(), logger: Logger = .disabled) {
        self.transport = transport
        self.secretKey = secretKey
        self.policy = policy
        self.logger = logger
    }

    public func quote(_ request: QuoteRequest, language: Language) async throws -> Quote {
        try await call("POST", "/gateway/v1/quotes", body: request, idempotencyKey: nil, language: language)
    }

    public func createPayment(_ request: CreatePaymentRequest, idempotencyKey: String, language: Language) async throws -> Payment {
        try await call("POST", "/gateway/v1/payments", body: request, idempotencyKey: idempotencyKey, language: language)
    }

    public func saveCard(_ card: CardDetails, idempotencyKey: String, language: Language) async throws -> CardToken {
        try await call("POST", "/gateway/v1/cards", body: card, idempotencyKey: idempotencyKey, language: language)
    }

    public func payment(id: String, language: Language) async throws -> Payment {
        try await call("GET", "/gateway/v1/payments/\(HTTPGatewayClient.escape(id))", body: nil as String?, idempotencyKey: nil, language: language)
    }

    public func submitThreeDSecure(paymentID: String, result: ThreeDSecureResult, language: Language) async throws -> Payment {
        do {
            return try await call("POST", "/gateway/v1/payments/\(HTTPGatewayClient.escape(paymentID))/three_d_secure",
                                  body: ["result": result.rawValue], idempotencyKey: nil, language: language)
        } catch GatewayClientError.rejected(409, "payment_not_awaiting_authentication", let message) {
            // A retry after a lost answer finds the result already applied: report it if it matches.
            let current = try await payment(id: paymentID, language: language)
            let expected: PaymentState = result == .pass ? .succeeded : .failed
            guard current.status == expected else {
                throw GatewayClientError.rejected(status: 409, code: "payment_not_awaiting_authentication", message: message)
            }
            return current
        }
    }

    public func refund(paymentID: String, amount: Int64?, idempotencyKey: String, language: Language) async throws -> Payment {
        try await call("POST", "/gateway/v1/payments/\(HTTPGatewayClient.escape(paymentID))/refunds",
                       body: amount.map { ["amount": $0] } ?? [:], idempotencyKey: idempotencyKey, language: language)
    }

    public func cancel(paymentID: String, idempotencyKey: String, language: Language) async throws -> Payment {
        try await call("POST", "/gateway/v1/payments/\(HTTPGatewayClient.escape(paymentID))/cancel",
                       body: [String: String](), idempotencyKey: idempotencyKey, language: language)
    }

    public func events(after cursor: String?, limit: Int) async throws -> GatewayEventPage {
        var path = "/gateway/v1/events?limit=\(limit)"
        if let cursor { path += "&after=\(HTTPGatewayClient.escape(cursor))" }
        return try await call("GET", path, body: nil as String?, idempotencyKey: nil, language: .en)
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }

    /// Why one attempt did not give a final answer, and whether another may.
    private enum AttemptFailure: Error {
        case retryable(GatewayClientError)
    }

    private func call<Body: Encodable, Answer: Decodable>(_ method: String, _ path: String, body: Body?, idempotencyKey: String?,
                                                          language: Language) async throws -> Answer {
        var headers = ["Authorization": "Bearer \(secretKey)", "Accept": "application/json", "Accept-Language": language.rawValue]
        var bytes: [UInt8] = []
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            bytes = Array(try encoder.encode(body))
            headers["Content-Type"] = "application/json"
        }
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        let request = GatewayWireRequest(method: method, path: path, headers: headers, body: bytes)

        var lastFailure = GatewayClientError.unavailable(detail: "no attempt made")
        for attempt in 1...policy.maxAttempts {
            if attempt > 1 {
                try await Task.sleep(for: .seconds(policy.delay(afterAttempt: attempt - 1)))
            }
            do {
                return try await attemptOnce(request)
            } catch AttemptFailure.retryable(let failure) {
                lastFailure = failure
                logger.info("gateway call retrying", ["path": path, "attempt": String(attempt), "reason": failure.code])
            }
        }
        throw lastFailure
    }

    private func attemptOnce<Answer: Decodable>(_ request: GatewayWireRequest) async throws -> Answer {
        let response: GatewayWireResponse
        do {
            response = try await transport.send(request, timeout: policy.timeout)
        } catch .timedOut {
            throw AttemptFailure.retryable(.timedOut)
        } catch .connectionFailed(let detail) {
            throw AttemptFailure.retryable(.unavailable(detail: detail))
        }
        let decoder = JSONDecoder()
        if (200..<300).contains(response.status) {
            guard let answer = try? decoder.decode(Answer.self, from: Data(response.body)) else {
                throw GatewayClientError.invalidResponse(status: response.status)
            }
            return answer
        }
        let envelope = try? decoder.decode(ErrorBody.self, from: Data(response.body))
        let code = envelope?.error.code ?? "http_\(response.status)"
        let message = envelope?.error.message ?? "HTTP \(response.status)"
        if response.status >= 500 || response.status == 429 || (response.status == 409 && code == "request_in_progress") {
            let failure: GatewayClientError = response.status == 409
                ? .rejected(status: 409, code: code, message: message)
                : .unavailable(detail: "\(response.status) \(code)")
            throw AttemptFailure.retryable(failure)
        }
        throw GatewayClientError.rejected(status: response.status, code: code, message: message)
    }

    private struct ErrorBody: Decodable {
        struct Inner: Decodable {
            let code: String
            let message: String
        }
        let error: Inner
    }
}
