import Foundation
import PayAssistCore
@testable import PaymentGateway
import Storage
import Testing

@Suite struct IdempotencyTests {
    @Test func retryWithTheSameKeyAndParametersReturnsTheOriginalAnswer() async throws {
        let engine = try GatewayTestSupport.engine()
        let first = try await engine.createPaymentRecorded(GatewayTestSupport.payment(), idempotencyKey: "k")
        let again = try await engine.createPaymentRecorded(GatewayTestSupport.payment(), idempotencyKey: "k")
        #expect(!first.replayed)
        #expect(again.replayed)
        #expect(again.value == first.value)
        #expect(try engine.store.paymentCount(reference: "bill-1") == 1)
    }

    @Test func replayReturnsTheOriginalAnswerEvenAfterTheStateMoved() async throws {
        let engine = try GatewayTestSupport.engine()
        let first = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        _ = try await engine.refund(paymentID: first.id, amount: nil, idempotencyKey: "r", language: .en)
        let replay = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        #expect(replay.status == .succeeded)
        let refundReplay = try await engine.refund(paymentID: first.id, amount: nil, idempotencyKey: "r", language: .en)
        #expect(refundReplay.status == .refunded)
    }

    @Test func declineIsReplayedNotRetried() async throws {
        let engine = try GatewayTestSupport.engine()
        let first = try await engine.createPayment(GatewayTestSupport.payment("4000000000009995"), idempotencyKey: "k", language: .en)
        let again = try await engine.createPayment(GatewayTestSupport.payment("4000000000009995"), idempotencyKey: "k", language: .de)
        #expect(again.id == first.id)
        #expect(again.failure?.message == GatewayMessages.text(for: "insufficient_funds", in: .de))
    }

    @Test func sameKeyWithOtherParametersIsAConflict() async throws {
        let engine = try GatewayTestSupport.engine()
        _ = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        await #expect(throws: GatewayError.idempotencyKeyReused) {
            try await engine.createPayment(GatewayTestSupport.payment(amount: 999), idempotencyKey: "k", language: .en)
        }
        await #expect(throws: GatewayError.idempotencyKeyReused) {
            try await engine.createPayment(GatewayTestSupport.payment("5555555555554444"), idempotencyKey: "k", language: .en)
        }
        await #expect(throws: GatewayError.idempotencyKeyReused) {
            try await engine.saveCard(GatewayTestSupport.card("4242424242424242"), idempotencyKey: "k", language: .en)
        }
        #expect(try engine.store.paymentCount(reference: "bill-1") == 1)
    }

    @Test func hundredConcurrentRequestsWithOneKeyChargeOnce() async throws {
        let engine = try GatewayTestSupport.engine()
        let outcomes = await withTaskGroup(of: Result<String, GatewayError>.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    do {
                        return .success(try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "same", language: .en).id)
                    } catch let error as GatewayError {
                        return .failure(error)
                    } catch {
                        return .failure(.paymentNotFound)
                    }
                }
            }
            var all: [Result<String, GatewayError>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let ids = Set(outcomes.compactMap { try? $0.get() })
        let errors = outcomes.compactMap { if case .failure(let error) = $0 { return error } else { return nil } }
        #expect(ids.count == 1)
        #expect(errors.allSatisfy { $0 == .requestInProgress })
        #expect(try engine.store.paymentCount(reference: "bill-1") == 1)
        #expect(try await engine.events(after: nil, limit: 200).events.count == 1)
    }

    @Test func concurrentRetryOfASlowPaymentIsInProgress() async throws {
        let engine = try GatewayTestSupport.engine()
        async let slow = engine.createPayment(GatewayTestSupport.payment("4000000000000077"), idempotencyKey: "slow", language: .en)
        try await Task.sleep(for: .milliseconds(10))
        await #expect(throws: GatewayError.requestInProgress) {
            try await engine.createPayment(GatewayTestSupport.payment("4000000000000077"), idempotencyKey: "slow", language: .en)
        }
        let first = try await slow
        let replay = try await engine.createPayment(GatewayTestSupport.payment("4000000000000077"), idempotencyKey: "slow", language: .en)
        #expect(replay.id == first.id)
    }

    @Test func keysAreKeptForADayThenForgotten() async throws {
        let clock = ManualClock(GatewayTestSupport.start)
        let engine = try GatewayTestSupport.engine(clock: clock)
        let first = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        clock.advance(by: 23 * 3600)
        #expect(try engine.purgeExpiredIdempotencyKeys() == 0)
        #expect(try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en).id == first.id)
        clock.advance(by: 2 * 3600)
        #expect(try engine.purgeExpiredIdempotencyKeys() == 1)
        let fresh = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        #expect(fresh.id != first.id)
    }
}
