import Foundation
import GatewayService
import HTTPServer
import PayAssistCore
@testable import PaymentGateway
import Testing

/// The HTTP API, driven in process through the router.
@Suite struct GatewayRoutesTests {
    static let key = "sk_test_routes"
    let engine: GatewayEngine
    let faults = FaultInjection()
    let router: Router

    init() throws {
        engine = try GatewayTestSupport.engine()
        router = GatewayRoutes.makeRouter(engine: engine, secretKey: GatewayRoutesTests.key, faults: faults)
    }

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, idempotencyKey: String? = nil,
              language: String? = nil, key: String? = GatewayRoutesTests.key) async -> HTTPResponse {
        var headers = HTTPHeaders()
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
        if json != nil { headers.add(name: "Content-Type", value: "application/json") }
        if let idempotencyKey { headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let language { headers.add(name: "Accept-Language", value: language) }
        return await router.respond(to: HTTPRequest(method: method, target: path, headers: headers, body: Array((json ?? "").utf8)))
    }

    static func paymentJSON(number: String = "4242424242424242", amount: String = "12050", extra: String = "") -> String {
        """
        {"amount": \(amount), "currency": "CNY", "reference": "bill-42", "payer_currency": "USD"\(extra),
         "card": {"number": "\(number)", "exp_month": 12, "exp_year": 2030, "cvc": "123", "holder": "Li Wei"}}
        """
    }

    func object(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    func errorCode(_ response: HTTPResponse) -> String? { (object(response)["error"] as? [String: Any])?["code"] as? String }

    @Test func paymentIsCreatedWithEveryDocumentedField() async throws {
        let response = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "k1")
        #expect(response.status == 200)
        let body = object(response)
        #expect(body["status"] as? String == "succeeded")
        #expect(body["amount"] as? Int == 12_050)
        #expect(body["currency"] as? String == "CNY")
        #expect(body["payer_currency"] as? String == "USD")
        #expect(body["payer_amount"] as? Int == 1_694)
        #expect(body["fee"] as? Int == 25)
        #expect(body["payer_total"] as? Int == 1_719)
        #expect(body["rate"] as? String == "0.14060742")
        let card = body["card"] as? [String: Any]
        #expect(card?["network"] as? String == "visa")
        #expect(card?["last4"] as? String == "4242")
        #expect(!String(decoding: response.body, as: UTF8.self).contains("4242424242424242"))
    }

    @Test func retryIsReplayedWithAHeaderAndOtherParametersConflict() async throws {
        let first = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "k1")
        let again = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "k1")
        #expect(again.status == 200)
        #expect(again.headers["Idempotent-Replayed"] == "true")
        #expect(object(again)["id"] as? String == object(first)["id"] as? String)
        let other = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(amount: "100"), idempotencyKey: "k1")
        #expect(other.status == 409)
        #expect(errorCode(other) == "idempotency_key_reused")
    }

    @Test(arguments: [
        (Optional<String>.none, 401, "missing_api_key"),
        ("sk_wrong", 401, "invalid_api_key"),
    ])
    func secretKeyIsRequired(key: String?, status: Int, code: String) async throws {
        let response = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "k", key: key)
        #expect(response.status == status)
        #expect(errorCode(response) == code)
        #expect(try engine.store.paymentCounts().isEmpty)
    }

    @Test(arguments: [
        (paymentJSON(number: "4242424242424241"), 400, "invalid_card_number"),
        (paymentJSON(number: "9000000000000001"), 400, "unsupported_card_network"),
        (paymentJSON(amount: "0"), 400, "invalid_amount"),
        (paymentJSON(amount: "-1"), 400, "invalid_amount"),
        (paymentJSON(amount: "120.5"), 400, "too_many_decimals"),
        (paymentJSON(amount: "99999999999999999999"), 400, "amount_over_limit"),
        (paymentJSON(amount: "5000001"), 400, "amount_over_limit"),
        (paymentJSON(extra: ", \"quote_id\": \"qt_missing\""), 404, "quote_not_found"),
        (paymentJSON(extra: ", \"card_token\": \"card_x\""), 400, "invalid_payment_method"),
        ("{\"amount_decimal\": \"120.505\", \"currency\": \"CNY\", \"reference\": \"r\", \"card_token\": \"card_x\"}", 400, "too_many_decimals"),
        ("{\"amount_decimal\": \"1.5\", \"currency\": \"JPY\", \"reference\": \"r\", \"card_token\": \"card_x\"}", 400, "too_many_decimals"),
        ("{\"amount\": 100, \"currency\": \"XXX\", \"reference\": \"r\", \"card_token\": \"card_x\"}", 400, "unknown_currency"),
        ("{\"amount\": 100, \"currency\": \"CNY\", \"reference\": \"r\", \"card_token\": \"card_x\"}", 404, "card_token_not_found"),
        ("{\"amount\": 100}", 400, "invalid_json"),
        ("not json", 400, "invalid_json"),
    ])
    func badPaymentBodiesAreCoded4xxWithNoStateChange(json: String, status: Int, code: String) async throws {
        let response = await send(.post, "/gateway/v1/payments", json: json, idempotencyKey: "k")
        #expect(response.status == status)
        #expect(errorCode(response) == code)
        #expect(try engine.store.paymentCounts().isEmpty)
    }

    @Test func unreadableBodiesKeepTheirCodeAndGetALocalizedMessage() async {
        let response = await send(.post, "/gateway/v1/payments", json: "not json", idempotencyKey: "k", language: "ja")
        #expect(response.status == 400)
        #expect(errorCode(response) == "invalid_json")
        #expect((object(response)["error"] as? [String: Any])?["message"] as? String == GatewayMessages.text(for: "invalid_json", in: .ja))
    }

    @Test func missingIdempotencyKeyIsRefused() async {
        let response = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON())
        #expect(response.status == 400)
        #expect(errorCode(response) == "idempotency_key_missing")
    }

    @Test(arguments: [("zh-CN,zh;q=0.9", "该卡已过期。"), ("zh-TW", "該卡已過期。"), ("ja-JP", "カードの有効期限が切れています。"),
                      ("de-DE,en;q=0.5", "Die Karte ist abgelaufen."), ("xx", "The card has expired.")])
    func errorMessagesFollowAcceptLanguageButCodesDoNot(header: String, message: String) async {
        let json = Self.paymentJSON().replacingOccurrences(of: "\"exp_year\": 2030", with: "\"exp_year\": 2020")
        let response = await send(.post, "/gateway/v1/payments", json: json, idempotencyKey: "k", language: header)
        #expect(response.status == 400)
        #expect(errorCode(response) == "card_expired")
        #expect((object(response)["error"] as? [String: Any])?["message"] as? String == message)
    }

    @Test func declineMessageIsLocalizedInThePaymentError() async {
        let response = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(number: "4000000000009995"), idempotencyKey: "k", language: "ko")
        #expect(response.status == 200)
        let error = object(response)["error"] as? [String: Any]
        #expect(error?["code"] as? String == "card_declined")
        #expect(error?["decline_code"] as? String == "insufficient_funds")
        #expect(error?["message"] as? String == "카드 잔액이 부족합니다.")
    }

    @Test func threeDSecureFlowOverHTTP() async throws {
        let created = object(await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(number: "4000000000003220"), idempotencyKey: "k"))
        let id = try #require(created["id"] as? String)
        #expect(created["status"] as? String == "requires_action")
        #expect((created["next_action"] as? [String: Any])?["type"] as? String == "three_d_secure")
        let page = await send(.get, "/gateway/v1/payments/\(id)/challenge", key: nil)
        #expect(page.status == 200)
        let bad = await send(.post, "/gateway/v1/payments/\(id)/three_d_secure", json: "{\"result\": \"maybe\"}", key: nil)
        #expect(errorCode(bad) == "invalid_three_d_secure_result")
        let passed = await send(.post, "/gateway/v1/payments/\(id)/three_d_secure", json: "{\"result\": \"pass\"}", key: nil)
        #expect(object(passed)["status"] as? String == "succeeded")
        let again = await send(.post, "/gateway/v1/payments/\(id)/three_d_secure", json: "{\"result\": \"pass\"}", key: nil)
        #expect(again.status == 409)
        #expect(errorCode(again) == "payment_not_awaiting_authentication")
    }

    @Test func refundsCancelAndEventsOverHTTP() async throws {
        let created = object(await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "k"))
        let id = try #require(created["id"] as? String)
        let partial = await send(.post, "/gateway/v1/payments/\(id)/refunds", json: "{\"amount\": 50}", idempotencyKey: "r1")
        #expect(object(partial)["status"] as? String == "partially_refunded")
        let over = await send(.post, "/gateway/v1/payments/\(id)/refunds", json: "{\"amount\": 20000}", idempotencyKey: "r2")
        #expect(over.status == 400)
        #expect(errorCode(over) == "refund_exceeds_captured")
        let rest = await send(.post, "/gateway/v1/payments/\(id)/refunds", idempotencyKey: "r3")
        #expect(object(rest)["status"] as? String == "refunded")
        let cancel = await send(.post, "/gateway/v1/payments/\(id)/cancel", idempotencyKey: "c1")
        #expect(cancel.status == 409)
        #expect(errorCode(cancel) == "payment_not_cancelable")
        let events = object(await send(.get, "/gateway/v1/events?after=0"))
        #expect((events["data"] as? [[String: Any]])?.map { $0["type"] as? String } == ["payment.succeeded", "payment.partially_refunded", "payment.refunded"])
        let missing = await send(.get, "/gateway/v1/payments/pay_missing")
        #expect(missing.status == 404)
    }

    @Test func quoteIsLockedAndDisclosesTheFee() async throws {
        let response = await send(.post, "/gateway/v1/quotes", json: "{\"payer_currency\": \"USD\", \"amount\": 12050, \"currency\": \"CNY\"}")
        #expect(response.status == 200)
        let quote = object(response)
        #expect(quote["payer_amount"] as? Int == 1_694)
        #expect(quote["fee"] as? Int == 25)
        #expect(quote["rates_as_of"] as? String == "2026-11-26")
        #expect((quote["expires_at"] as? Int ?? 0) - (quote["created"] as? Int ?? 0) == 600)
    }

    @Test func hundredConcurrentRequestsWithOneKeyChargeOnceOverTheRouter() async throws {
        let responses = await withTaskGroup(of: HTTPResponse.self) { group in
            for _ in 0..<100 { group.addTask { await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "same") } }
            var all: [HTTPResponse] = []
            for await response in group { all.append(response) }
            return all
        }
        let ids = Set(responses.filter { $0.status == 200 }.compactMap { object($0)["id"] as? String })
        #expect(ids.count == 1)
        #expect(responses.allSatisfy { $0.status == 200 || ($0.status == 409 && errorCode($0) == "request_in_progress") })
        #expect(try engine.store.paymentCount(reference: "bill-42") == 1)
    }

    @Test func faultSettingsAreChangedByTheAdminRouteAndValidated() async {
        let bad = await send(.put, "/gateway/v1/admin/faults", json: "{\"latency_ms\": 0, \"error_rate\": 1.5, \"drop_rate\": 0, \"drop_hold_ms\": 0}")
        #expect(bad.status == 400)
        let good = await send(.put, "/gateway/v1/admin/faults", json: "{\"latency_ms\": 0, \"error_rate\": 1, \"drop_rate\": 0, \"drop_hold_ms\": 0}")
        #expect(good.status == 200)
        #expect(faults.current.errorRate == 1)
        let failed = await send(.post, "/gateway/v1/payments", json: Self.paymentJSON(), idempotencyKey: "k")
        #expect(failed.status == 500)
        #expect(errorCode(failed) == "injected_fault")
    }

    @Test func faultDecisionsSplitTheRollAsDocumented() {
        let faults = FaultInjection(.init(errorRate: 0.2, dropRate: 0.1))
        #expect(faults.decide(roll: 0.05) == .failBeforeHandling)
        #expect(faults.decide(roll: 0.15) == .failAfterHandling)
        #expect(faults.decide(roll: 0.25) == .dropAfterHandling)
        #expect(faults.decide(roll: 0.35) == .none)
    }
}
