import Foundation
import GatewayService
import HTTPServer
import PayAssistCore
@testable import PaymentGateway
import Synchronization
import Testing

/// Counts attempts on the way to another transport.
final class CountingTransport: GatewayTransport {
    let inner: any GatewayTransport
    let attempts = Atomic<Int>(0)
    init(_ inner: any GatewayTransport) { self.inner = inner }
    func send(_ request: GatewayWireRequest, timeout: Double) async throws(GatewayTransportError) -> GatewayWireResponse {
        attempts.add(1, ordering: .relaxed)
        return try await inner.send(request, timeout: timeout)
    }
}

@Suite struct HTTPGatewayClientTests {
    static let key = "sk_test_client"
    let engine: GatewayEngine
    let faults = FaultInjection()
    let transport: CountingTransport

    init() throws {
        engine = try GatewayTestSupport.engine()
        let router = GatewayRoutes.makeRouter(engine: engine, secretKey: HTTPGatewayClientTests.key, faults: faults)
        transport = CountingTransport(InProcessGatewayTransport(responder: router))
    }

    func client(attempts: Int = 4, timeout: Double = 2) -> HTTPGatewayClient {
        HTTPGatewayClient(transport: transport, secretKey: Self.key,
                          policy: GatewayRetryPolicy(maxAttempts: attempts, timeout: timeout, initialDelay: 0.001, maximumDelay: 0.01))
    }

    @Test func typedPaymentComesBackAndADeclineIsNotRetried() async throws {
        let client = client()
        let paid = try await client.createPayment(GatewayTestSupport.payment(), idempotencyKey: "a", language: .en)
        #expect(paid.status == .succeeded)
        #expect(paid.payerAmount == Money(minorUnits: 1_694, currency: .usd))
        let before = transport.attempts.load(ordering: .relaxed)
        let declined = try await client.createPayment(GatewayTestSupport.payment("4000000000000002", reference: "b"), idempotencyKey: "b", language: .fr)
        #expect(declined.status == .failed)
        #expect(declined.failure?.declineCode == "generic_decline")
        #expect(declined.failure?.message == GatewayMessages.text(for: "generic_decline", in: .fr))
        #expect(transport.attempts.load(ordering: .relaxed) == before + 1)
    }

    @Test func refusalIsARejectedErrorWithTheServerCodeAndNoRetry() async throws {
        let client = client()
        await #expect(throws: GatewayClientError.rejected(status: 400, code: "invalid_card_number", message: "卡号无效，请检查后重试。")) {
            try await client.createPayment(GatewayTestSupport.payment("4242424242424241"), idempotencyKey: "a", language: .zhHans)
        }
        #expect(transport.attempts.load(ordering: .relaxed) == 1)
    }

    @Test func everyPaymentIsChargedOnceUnderInjectedFaults() async throws {
        faults.update(.init(errorRate: 0.2, dropRate: 0.1, dropHoldMilliseconds: 300))
        let client = client(attempts: 12, timeout: 0.1)
        for index in 0..<40 {
            let payment = try await client.createPayment(GatewayTestSupport.payment(reference: "bill-\(index)"), idempotencyKey: "key-\(index)", language: .en)
            #expect(payment.status == .succeeded)
        }
        faults.update(.init())
        for index in 0..<40 {
            #expect(try engine.store.paymentCount(reference: "bill-\(index)") == 1)
        }
        #expect(transport.attempts.load(ordering: .relaxed) > 40)
    }

    @Test func slowGatewayTimesOutAfterEveryRetry() async throws {
        faults.update(.init(latencyMilliseconds: 200))
        let client = client(attempts: 2, timeout: 0.05)
        await #expect(throws: GatewayClientError.timedOut) { try await client.payment(id: "pay_x", language: .en) }
        #expect(transport.attempts.load(ordering: .relaxed) == 2)
    }

    @Test func persistentServerErrorsEndAsUnavailable() async throws {
        faults.update(.init(errorRate: 1))
        let client = client(attempts: 3)
        await #expect(throws: GatewayClientError.unavailable(detail: "500 injected_fault")) {
            try await client.quote(QuoteRequest(amount: 100, payerCurrency: "EUR"), language: .en)
        }
        #expect(transport.attempts.load(ordering: .relaxed) == 3)
    }

    @Test func fullJourneyThroughTheClient() async throws {
        let client = client()
        let quote = try await client.quote(QuoteRequest(amount: 12_050, payerCurrency: "KRW"), language: .ko)
        #expect(quote.payerAmount.currency == .krw)
        let token = try await client.saveCard(GatewayTestSupport.card("4000000000003220"), idempotencyKey: "card", language: .en)
        let request = CreatePaymentRequest(amount: 12_050, reference: "voice-9", method: .cardToken(token.token), quoteID: quote.id)
        let pending = try await client.createPayment(request, idempotencyKey: "pay", language: .en)
        #expect(pending.status == .requiresAction)
        #expect(pending.payerTotal == quote.payerTotal)
        let passed = try await client.submitThreeDSecure(paymentID: pending.id, result: .pass, language: .en)
        #expect(passed.status == .succeeded)
        let refunded = try await client.refund(paymentID: pending.id, amount: nil, idempotencyKey: "refund", language: .en)
        #expect(refunded.status == .refunded)
        let page = try await client.events(after: nil, limit: 10)
        #expect(page.events.map(\.type) == ["payment.requires_action", "payment.succeeded", "payment.refunded"])
        #expect(try await client.payment(id: pending.id, language: .en) == refunded)
    }
}
