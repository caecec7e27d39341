import Foundation
import HTTPServer
import PayAssistCore
import PaymentGateway

/// The mock gateway's HTTP API under /gateway/v1: a thin layer that authenticates, injects faults,
/// decodes JSON into domain requests and encodes the engine's answers.
public enum GatewayRoutes {
    /// Builds the router for `engine`.
    ///
    /// - Parameters:
    ///   - engine: the gateway (owns the SQLite tables).
    ///   - secretKey: the Bearer key every route needs, except the 3-D Secure challenge page and its answer
    ///     (the payer's browser has no key; the unguessable payment id is the capability) and health.
    ///   - faults: injected latency, 500s and dropped answers; change it live via `/gateway/v1/admin/faults`.
    ///   - logger: gets method, route, status and ids only.
    public static func makeRouter(engine: GatewayEngine, secretKey: String, faults: FaultInjection = FaultInjection(),
                                  logger: Logger = .disabled) -> Router {
        let router = Router()
        let api = GatewayAPI(engine: engine, secretKey: secretKey, faults: faults, logger: logger)
        router.get("/gateway/v1/health") { _ in .json(["status": "ok"]) }
        router.post("/gateway/v1/quotes", api.guarded { request, language in
            let body = try request.decodeJSON(QuoteBody.self)
            return .json(try await engine.quote(try body.request(), language: language))
        })
        router.post("/gateway/v1/payments", api.guarded { request, language in
            let key = try GatewayAPI.idempotencyKey(request)
            let body = try request.decodeJSON(PaymentBody.self)
            let recorded = try await engine.createPaymentRecorded(try body.request(), idempotencyKey: key)
            return GatewayAPI.answer(recorded.value.localized(language), replayed: recorded.replayed)
        })
        router.post("/gateway/v1/cards", api.guarded { request, _ in
            let key = try GatewayAPI.idempotencyKey(request)
            let card = try request.decodeJSON(CardDetails.self)
            let recorded = try await engine.saveCardRecorded(card, idempotencyKey: key)
            return GatewayAPI.answer(recorded.value, replayed: recorded.replayed)
        })
        router.get("/gateway/v1/payments/:id", api.guarded { request, language in
            .json(try await engine.payment(id: request.parameter("id") ?? "", language: language))
        })
        router.post("/gateway/v1/payments/:id/refunds", api.guarded { request, language in
            let key = try GatewayAPI.idempotencyKey(request)
            let body = request.body.isEmpty ? RefundBody(amount: nil) : try request.decodeJSON(RefundBody.self)
            let recorded = try await engine.refundRecorded(paymentID: request.parameter("id") ?? "",
                                                           amount: try body.amount.map { amount throws(GatewayError) in try amount.minorUnits() },
                                                           idempotencyKey: key)
            return GatewayAPI.answer(recorded.value.localized(language), replayed: recorded.replayed)
        })
        router.post("/gateway/v1/payments/:id/cancel", api.guarded { request, language in
            let key = try GatewayAPI.idempotencyKey(request)
            let recorded = try await engine.cancelRecorded(paymentID: request.parameter("id") ?? "", idempotencyKey: key)
            return GatewayAPI.answer(recorded.value.localized(language), replayed: recorded.replayed)
        })
        router.post("/gateway/v1/payments/:id/three_d_secure", api.guarded(authenticated: false) { request, language in
            let body = try request.decodeJSON(ThreeDSecureBody.self)
            guard let result = ThreeDSecureResult(rawValue: body.result) else { throw GatewayError.invalidThreeDSecureResult }
            return .json(try await engine.submitThreeDSecure(paymentID: request.parameter("id") ?? "", result: result, language: language))
        })
        router.get("/gateway/v1/payments/:id/challenge", api.guarded(authenticated: false, faultable: false) { request, language in
            let payment = try await engine.payment(id: request.parameter("id") ?? "", language: language)
            return .html(ChallengePage.html(for: payment))
        })
        router.get("/gateway/v1/events", api.guarded { request, _ in
            let limit = request.query["limit"].flatMap { Int($0) } ?? 100
            return .json(try await engine.events(after: request.query["after"], limit: limit))
        })
        router.get("/gateway/v1/admin/faults", api.guarded(faultable: false) { _, _ in .json(faults.current) })
        router.put("/gateway/v1/admin/faults", api.guarded(faultable: false) { request, _ in
            let settings = try request.decodeJSON(FaultInjection.Settings.self)
            guard settings.isValid else { throw GatewayServiceError.invalidFaultSettings }
            faults.update(settings)
            logger.warning("fault injection changed", ["latency_ms": String(settings.latencyMilliseconds),
                                                       "error_rate": String(settings.errorRate), "drop_rate": String(settings.dropRate)])
            return .json(settings)
        })
        return router
    }
}

/// The shared wrapper of every gateway route: authentication, language, injected faults.
struct GatewayAPI: Sendable {
    let engine: GatewayEngine
    let secretKey: String
    let faults: FaultInjection
    let logger: Logger

    typealias Handler = @Sendable (HTTPRequest, Language) async throws -> HTTPResponse

    static func idempotencyKey(_ request: HTTPRequest) throws -> String {
        guard let key = request.headers["Idempotency-Key"] else { throw GatewayError.idempotencyKeyMissing }
        try GatewayEngine.validateIdempotencyKey(key)
        return key
    }

    static func answer<T: Encodable>(_ value: T, replayed: Bool) -> HTTPResponse {
        var response = HTTPResponse.json(value)
        if replayed { response.headers.add(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    func authenticate(_ request: HTTPRequest) throws {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else { throw GatewayServiceError.missingAPIKey }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        guard Crypto.constantTimeEquals(Crypto.sha256(given), Crypto.sha256(Array(secretKey.utf8))) else {
            throw GatewayServiceError.invalidAPIKey
        }
    }

    /// Wraps a handler: checks the key, applies latency and injected faults, picks the language.
    func guarded(authenticated: Bool = true, faultable: Bool = true, _ handler: @escaping Handler) -> HTTPHandler {
        { request in
            let language = Language.preferred(fromAcceptLanguage: request.headers["Accept-Language"]) ?? .en
            do {
                return try await handle(request, language: language, authenticated: authenticated, faultable: faultable, handler)
            } catch let error as JSONBodyError {
                throw LocalizedBodyError(original: error)
            }
        }
    }

    private func handle(_ request: HTTPRequest, language: Language, authenticated: Bool, faultable: Bool,
                        _ handler: Handler) async throws -> HTTPResponse {
        if authenticated { try authenticate(request) }
        guard faultable else { return try await handler(request, language) }
        let settings = faults.current
        if settings.latencyMilliseconds > 0 { try await Task.sleep(for: .milliseconds(settings.latencyMilliseconds)) }
        let decision = faults.decide()
        if decision == .failBeforeHandling { throw GatewayServiceError.injectedFault }
        let response: HTTPResponse
        do {
            response = try await handler(request, language)
        } catch {
            if decision == .none { throw error }
            response = .error(error, language: language)
        }
        switch decision {
        case .none, .failBeforeHandling:
            return response
        case .failAfterHandling:
            logger.info("injected fault after handling", ["path": request.path, "status": String(response.status)])
            throw GatewayServiceError.injectedFault
        case .dropAfterHandling:
            logger.info("dropping answer", ["path": request.path, "hold_ms": String(settings.dropHoldMilliseconds)])
            try await Task.sleep(for: .milliseconds(settings.dropHoldMilliseconds))
            var dropped = HTTPResponse.error(GatewayServiceError.droppedAnswer, language: language)
            dropped.headers.add(name: "Connection", value: "close")
            return dropped
        }
    }
}
