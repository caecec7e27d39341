import Foundation
import GatewayService
import PayAssistCore
@testable import PaymentGateway
import Testing

/// A few tests over real sockets: GatewayServer on port 0 and the URLSession client.
@Suite struct LiveGatewayTests {
    static let key = "sk_test_live"

    func withGateway(_ body: (GatewayServer, HTTPGatewayClient) async throws -> Void,
                     policy: GatewayRetryPolicy = GatewayRetryPolicy(maxAttempts: 6, timeout: 2, initialDelay: 0.01, maximumDelay: 0.05),
                     slowCardDelay: Double = 0.05) async throws {
        let path = GatewayTestSupport.temporaryDatabasePath()
        defer { GatewayTestSupport.removeTemporary(path) }
        var configuration = try GatewayTestSupport.configuration()
        configuration.slowCardDelay = slowCardDelay
        let gateway = try GatewayServer.start(databasePath: path, port: 0, secretKey: Self.key, configuration: configuration)
        let client = HTTPGatewayClient(baseURL: gateway.baseURL, secretKey: Self.key, policy: policy)
        do {
            try await body(gateway, client)
        } catch {
            await gateway.shutdown()
            throw error
        }
        await gateway.shutdown()
    }

    @Test func paymentsDeclinesAndRefusalsTravelOverHTTP() async throws {
        try await withGateway { gateway, client in
            #expect(gateway.port > 0)
            let paid = try await client.createPayment(GatewayTestSupport.payment(), idempotencyKey: "live-1", language: .en)
            #expect(paid.status == .succeeded)
            let replay = try await client.createPayment(GatewayTestSupport.payment(), idempotencyKey: "live-1", language: .en)
            #expect(replay.id == paid.id)
            let declined = try await client.createPayment(GatewayTestSupport.payment("4000000000009987", reference: "b"), idempotencyKey: "live-2", language: .ru)
            #expect(declined.failure?.declineCode == "lost_card")
            #expect(declined.failure?.message == GatewayMessages.text(for: "lost_card", in: .ru))
            await #expect(throws: GatewayClientError.rejected(status: 409, code: "idempotency_key_reused", message: GatewayMessages.text(for: "idempotency_key_reused", in: .en))) {
                try await client.createPayment(GatewayTestSupport.payment(amount: 1), idempotencyKey: "live-1", language: .en)
            }
            let wrongKey = HTTPGatewayClient(baseURL: gateway.baseURL, secretKey: "nope")
            await #expect(throws: GatewayClientError.rejected(status: 401, code: "invalid_api_key", message: GatewayMessages.text(for: "invalid_api_key", in: .en))) {
                try await wrongKey.payment(id: paid.id, language: .en)
            }
        }
    }

    @Test func droppedAnswersAndServerErrorsAreRetriedIntoExactlyOneCharge() async throws {
        try await withGateway({ gateway, client in
            gateway.faults.update(.init(errorRate: 0.25, dropRate: 0.25, dropHoldMilliseconds: 400))
            for index in 0..<12 {
                let payment = try await client.createPayment(GatewayTestSupport.payment(reference: "live-\(index)"), idempotencyKey: "k-\(index)", language: .en)
                #expect(payment.status == .succeeded)
            }
            gateway.faults.update(.init())
            for index in 0..<12 { #expect(try gateway.engine.store.paymentCount(reference: "live-\(index)") == 1) }
        }, policy: GatewayRetryPolicy(maxAttempts: 20, timeout: 0.2, initialDelay: 0.01, maximumDelay: 0.05))
    }

    @Test func slowCardTimesOutThenTheSameKeyRetryGetsTheOnePayment() async throws {
        try await withGateway({ gateway, client in
            let payment = try await client.createPayment(GatewayTestSupport.payment("4000000000000077", reference: "slow"), idempotencyKey: "slow-1", language: .en)
            #expect(payment.status == .succeeded)
            #expect(try gateway.engine.store.paymentCount(reference: "slow") == 1)
            let impatient = HTTPGatewayClient(baseURL: gateway.baseURL, secretKey: Self.key, policy: GatewayRetryPolicy(maxAttempts: 1, timeout: 0.1))
            await #expect(throws: GatewayClientError.timedOut) {
                try await impatient.createPayment(GatewayTestSupport.payment("4000000000000077", reference: "slow-2"), idempotencyKey: "slow-2", language: .en)
            }
        }, policy: GatewayRetryPolicy(maxAttempts: 20, timeout: 0.1, initialDelay: 0.05, maximumDelay: 0.1), slowCardDelay: 0.4)
    }

    @Test func unreachableGatewayIsUnavailableAfterRetries() async throws {
        let client = HTTPGatewayClient(baseURL: URL(string: "http://127.0.0.1:1")!, secretKey: Self.key,
                                       policy: GatewayRetryPolicy(maxAttempts: 2, timeout: 1, initialDelay: 0.01, maximumDelay: 0.02))
        await #expect {
            try await client.payment(id: "pay_x", language: .en)
        } throws: { error in
            (error as? GatewayClientError)?.code == "gateway_unavailable" || (error as? GatewayClientError)?.code == "gateway_timeout"
        }
    }
}
