import Foundation
import PayAssistCore
@testable import PaymentGateway
import Testing

@Suite struct PaymentLifecycleTests {
    @Test(arguments: [
        ("4242424242424242", PaymentState.succeeded, nil as String?, nil as String?),
        ("4000000000000002", .failed, "card_declined", "generic_decline"),
        ("4000000000009995", .failed, "card_declined", "insufficient_funds"),
        ("4000000000000069", .failed, "card_declined", "expired_card"),
        ("4000000000000127", .failed, "card_declined", "incorrect_cvc"),
        ("4000000000009987", .failed, "card_declined", "lost_card"),
        ("4000000000009979", .failed, "card_declined", "stolen_card"),
        ("4000000000000119", .failed, "processing_error", nil),
        ("4000000760000002", .failed, "card_declined", "transaction_not_allowed"),
        ("4000000000003220", .requiresAction, nil, nil),
        ("4000003720000278", .processing, nil, nil),
        ("4000000000000077", .succeeded, nil, nil),
    ])
    func eachTestCardGivesItsOutcome(number: String, status: PaymentState, code: String?, declineCode: String?) async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment(number), idempotencyKey: "k-\(number)", language: .en)
        #expect(payment.status == status)
        #expect(payment.failure?.code == code)
        #expect(payment.failure?.declineCode == declineCode)
        #expect(payment.card.last4 == String(number.suffix(4)))
        #expect((payment.nextAction != nil) == (status == .requiresAction))
    }

    @Test func crossBorderCardPaysWhenNoConversionIsNeeded() async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment("4000000760000002", payer: nil), idempotencyKey: "k", language: .en)
        #expect(payment.status == .succeeded)
        #expect(payment.fee.minorUnits == 0)
        #expect(payment.rate == "1")
    }

    @Test func paymentShowsRatePayerAmountAndFee() async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        #expect(payment.amount == Money(minorUnits: 12_050, currency: .cny))
        #expect(payment.payerAmount == Money(minorUnits: 1_694, currency: .usd))
        #expect(payment.fee == Money(minorUnits: 25, currency: .usd))
        #expect(payment.payerTotal.minorUnits == 1_719)
        #expect(payment.rate == "0.14060742")
    }

    @Test func threeDSecurePassSucceedsAndFailFails() async throws {
        let engine = try GatewayTestSupport.engine()
        let first = try await engine.createPayment(GatewayTestSupport.payment("4000000000003220"), idempotencyKey: "a", language: .en)
        #expect(first.nextAction?.url == "/gateway/v1/payments/\(first.id)/challenge")
        let passed = try await engine.submitThreeDSecure(paymentID: first.id, result: .pass, language: .en)
        #expect(passed.status == .succeeded)
        #expect(passed.nextAction == nil)

        let second = try await engine.createPayment(GatewayTestSupport.payment("4000000000003220", reference: "bill-2"), idempotencyKey: "b", language: .en)
        let failed = try await engine.submitThreeDSecure(paymentID: second.id, result: .fail, language: .en)
        #expect(failed.status == .failed)
        #expect(failed.failure?.code == "authentication_failed")
    }

    @Test func processingPaymentSettlesOnReadAfterTheDelay() async throws {
        let clock = ManualClock(GatewayTestSupport.start)
        let engine = try GatewayTestSupport.engine(clock: clock)
        let created = try await engine.createPayment(GatewayTestSupport.payment("4000003720000278"), idempotencyKey: "k", language: .en)
        #expect(try await engine.payment(id: created.id, language: .en).status == .processing)
        clock.advance(by: 6)
        #expect(try await engine.payment(id: created.id, language: .en).status == .succeeded)
        let types = try await engine.events(after: nil, limit: 10).events.map(\.type)
        #expect(types == ["payment.processing", "payment.succeeded"])
    }

    @Test func partialThenFullRefundWalksTheStates() async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        let partial = try await engine.refund(paymentID: payment.id, amount: 5_000, idempotencyKey: "r1", language: .en)
        #expect(partial.status == .partiallyRefunded)
        #expect(partial.amountRefunded.minorUnits == 5_000)
        let rest = try await engine.refund(paymentID: payment.id, amount: nil, idempotencyKey: "r2", language: .en)
        #expect(rest.status == .refunded)
        #expect(rest.amountRefunded.minorUnits == 12_050)
    }

    @Test func cancelWorksOnlyBeforeMoneyIsCaptured() async throws {
        let engine = try GatewayTestSupport.engine()
        let pending = try await engine.createPayment(GatewayTestSupport.payment("4000000000003220"), idempotencyKey: "a", language: .en)
        #expect(try await engine.cancel(paymentID: pending.id, idempotencyKey: "c1", language: .en).status == .canceled)
        await #expect(throws: GatewayError.paymentNotAwaitingAuthentication) {
            try await engine.submitThreeDSecure(paymentID: pending.id, result: .pass, language: .en)
        }
        let done = try await engine.createPayment(GatewayTestSupport.payment(reference: "b2"), idempotencyKey: "b", language: .en)
        await #expect(throws: GatewayError.paymentNotCancelable) { try await engine.cancel(paymentID: done.id, idempotencyKey: "c2", language: .en) }
    }

    @Test(arguments: [PaymentState.failed, .canceled, .refunded])
    func illegalTransitionsChangeNothing(state: PaymentState) async throws {
        let engine = try GatewayTestSupport.engine()
        var payment: Payment
        switch state {
        case .failed:
            payment = try await engine.createPayment(GatewayTestSupport.payment("4000000000000002"), idempotencyKey: "k", language: .en)
        case .canceled:
            payment = try await engine.createPayment(GatewayTestSupport.payment("4000000000003220"), idempotencyKey: "k", language: .en)
            payment = try await engine.cancel(paymentID: payment.id, idempotencyKey: "c", language: .en)
        default:
            payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
            payment = try await engine.refund(paymentID: payment.id, amount: nil, idempotencyKey: "r", language: .en)
        }
        let eventsBefore = try await engine.events(after: nil, limit: 100).events.count
        await #expect(throws: GatewayError.paymentNotRefundable) { try await engine.refund(paymentID: payment.id, amount: 1, idempotencyKey: "x1", language: .en) }
        await #expect(throws: GatewayError.paymentNotAwaitingAuthentication) { try await engine.submitThreeDSecure(paymentID: payment.id, result: .pass, language: .en) }
        await #expect(throws: GatewayError.paymentNotCancelable) { try await engine.cancel(paymentID: payment.id, idempotencyKey: "x2", language: .en) }
        #expect(try await engine.payment(id: payment.id, language: .en) == payment)
        #expect(try await engine.events(after: nil, limit: 100).events.count == eventsBefore)
    }

    @Test func stateMachineAllowsOnlyTheDocumentedTransitions() {
        let allowed: Set<String> = [
            "requires_action>succeeded", "requires_action>failed", "requires_action>canceled",
            "processing>succeeded", "processing>failed", "processing>canceled",
            "succeeded>refunded", "succeeded>partially_refunded",
            "partially_refunded>partially_refunded", "partially_refunded>refunded",
        ]
        for from in PaymentState.allCases {
            for to in PaymentState.allCases {
                #expect(from.canTransition(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) -> \(to)")
            }
        }
    }

    @Test func savedCardPaysWithItsTestOutcomeAndWithoutTheNumber() async throws {
        let engine = try GatewayTestSupport.engine()
        let saved = try await engine.saveCard(GatewayTestSupport.card("4000000000009995"), idempotencyKey: "s", language: .en)
        #expect(saved.token.hasPrefix("card_"))
        #expect(saved.card.last4 == "9995")
        let request = CreatePaymentRequest(amount: 100, reference: "voice-1", method: .cardToken(saved.token), payerCurrency: "EUR")
        let payment = try await engine.createPayment(request, idempotencyKey: "p", language: .en)
        #expect(payment.status == .failed)
        #expect(payment.failure?.declineCode == "insufficient_funds")
        #expect(payment.cardToken == saved.token)
    }

    @Test func quoteLocksTheRateForTenMinutesThenExpires() async throws {
        let clock = ManualClock(GatewayTestSupport.start)
        let engine = try GatewayTestSupport.engine(clock: clock)
        let quote = try await engine.quote(QuoteRequest(amount: 12_050, payerCurrency: "JPY"), language: .en)
        #expect(quote.payerAmount == Money(minorUnits: 2_572, currency: .jpy))
        #expect(quote.fee.minorUnits == 39) // 1.5% of 2572 = 38.58 -> 39
        #expect(quote.expiresAt - quote.created == 600)
        #expect(quote.ratesAsOf == "2026-11-26")
        var request = GatewayTestSupport.payment(payer: nil)
        request.quoteID = quote.id
        clock.advance(by: 599)
        let paid = try await engine.createPayment(request, idempotencyKey: "in-time", language: .en)
        #expect(paid.payerAmount == quote.payerAmount)
        #expect(paid.fee == quote.fee)
        #expect(paid.quoteID == quote.id)
        clock.advance(by: 2)
        request.reference = "bill-late"
        await #expect(throws: GatewayError.quoteExpired) { try await engine.createPayment(request, idempotencyKey: "late", language: .en) }
    }

    @Test func eventsArriveInOrderAfterACursor() async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        _ = try await engine.refund(paymentID: payment.id, amount: 50, idempotencyKey: "r", language: .en)
        let first = try await engine.events(after: nil, limit: 1)
        #expect(first.events.map(\.type) == ["payment.succeeded"])
        #expect(first.hasMore)
        let second = try await engine.events(after: first.nextCursor, limit: 10)
        #expect(second.events.map(\.type) == ["payment.partially_refunded"])
        #expect(!second.hasMore)
        #expect(try await engine.events(after: second.nextCursor, limit: 10).events.isEmpty)
        await #expect(throws: GatewayError.invalidCursor) { try await engine.events(after: "abc", limit: 10) }
    }
}
