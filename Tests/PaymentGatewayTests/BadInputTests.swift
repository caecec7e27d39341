import Foundation
import PayAssistCore
@testable import PaymentGateway
import Testing

/// Every kind of bad input is a coded 4xx and leaves no trace: no payment, no event, no stored key.
@Suite struct BadInputTests {
    static func request(_ change: @Sendable (inout CreatePaymentRequest) -> Void) -> CreatePaymentRequest {
        var request = GatewayTestSupport.payment()
        change(&request)
        return request
    }

    static let cases: [(String, CreatePaymentRequest, GatewayError)] = [
        ("luhn", request { $0.method = .card(GatewayTestSupport.card("4242424242424241")) }, .invalidCardNumber),
        ("unknown network", request { $0.method = .card(GatewayTestSupport.card("9000000000000001")) }, .unsupportedCardNetwork),
        ("expired", request { $0.method = .card(GatewayTestSupport.card("4242424242424242", expMonth: 1, expYear: 2020)) }, .cardExpired),
        ("bad cvc", request { $0.method = .card(GatewayTestSupport.card("4242424242424242", cvc: "1")) }, .invalidCVC),
        ("unknown currency", request { $0.currency = "XYZ" }, .unknownCurrency),
        ("lower-case currency", request { $0.currency = "cny" }, .unknownCurrency),
        ("unknown payer currency", request { $0.payerCurrency = "ABC" }, .unknownCurrency),
        ("currency without rate", request { $0.payerCurrency = "THB" }, .unsupportedCurrency),
        ("zero amount", request { $0.amount = 0 }, .invalidAmount),
        ("negative amount", request { $0.amount = -100 }, .invalidAmount),
        ("over limit", request { $0.amount = 5_000_001 }, .amountOverLimit),
        ("over limit in USD", request { $0.currency = "USD"; $0.amount = 800_000 }, .amountOverLimit),
        ("huge", request { $0.amount = Int64.max }, .amountOverLimit),
        ("empty reference", request { $0.reference = "" }, .invalidReference),
        ("long reference", request { $0.reference = String(repeating: "r", count: 129) }, .invalidReference),
        ("unknown token", request { $0.method = .cardToken("card_nope") }, .cardTokenNotFound),
        ("empty token", request { $0.method = .cardToken("") }, .invalidPaymentMethod),
        ("unknown quote", request { $0.quoteID = "qt_nope" }, .quoteNotFound),
    ]

    @Test(arguments: cases)
    func badPaymentRequestIsRefusedWithoutStateChange(name: String, request: CreatePaymentRequest, error: GatewayError) async throws {
        let engine = try GatewayTestSupport.engine()
        await #expect(throws: error, "\(name)") { try await engine.createPayment(request, idempotencyKey: "key-1", language: .en) }
        #expect(try engine.store.paymentCounts().isEmpty)
        #expect(try await engine.events(after: nil, limit: 10).events.isEmpty)
        // The key was not consumed: the corrected request goes through with it.
        let fixed = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "key-1", language: .en)
        #expect(fixed.status == .succeeded)
        #expect(error.kind != .internal && HTTPStatusClass.isClientError(error.kind))
    }

    @Test func quoteForAnotherAmountOrCurrencyIsAMismatch() async throws {
        let engine = try GatewayTestSupport.engine()
        let quote = try await engine.quote(QuoteRequest(amount: 12_050, payerCurrency: "EUR"), language: .en)
        var request = GatewayTestSupport.payment(amount: 12_051, payer: nil)
        request.quoteID = quote.id
        await #expect(throws: GatewayError.quoteMismatch) { try await engine.createPayment(request, idempotencyKey: "a", language: .en) }
        request.amount = 12_050
        request.payerCurrency = "USD"
        await #expect(throws: GatewayError.quoteMismatch) { try await engine.createPayment(request, idempotencyKey: "b", language: .en) }
        #expect(try engine.store.paymentCounts().isEmpty)
    }

    @Test(arguments: [Int64(12_051), 0, -5])
    func refundOverCapturedOrNotPositiveChangesNothing(amount: Int64) async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        let expected: GatewayError = amount > 0 ? .refundExceedsCaptured : .invalidAmount
        await #expect(throws: expected) { try await engine.refund(paymentID: payment.id, amount: amount, idempotencyKey: "r", language: .en) }
        #expect(try await engine.payment(id: payment.id, language: .en) == payment)
        #expect(try await engine.events(after: nil, limit: 10).events.count == 1)
    }

    @Test func secondRefundCannotExceedWhatIsLeft() async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        _ = try await engine.refund(paymentID: payment.id, amount: 12_000, idempotencyKey: "r1", language: .en)
        await #expect(throws: GatewayError.refundExceedsCaptured) { try await engine.refund(paymentID: payment.id, amount: 51, idempotencyKey: "r2", language: .en) }
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "has space", "ключ"])
    func badIdempotencyKeysAreRefused(key: String) async throws {
        let engine = try GatewayTestSupport.engine()
        await #expect(throws: (any Error).self) { try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: key, language: .en) }
        #expect(try engine.store.paymentCounts().isEmpty)
    }

    @Test func unknownPaymentIsNotFound() async throws {
        let engine = try GatewayTestSupport.engine()
        await #expect(throws: GatewayError.paymentNotFound) { try await engine.payment(id: "pay_nope", language: .en) }
        await #expect(throws: GatewayError.paymentNotFound) { try await engine.refund(paymentID: "pay_nope", amount: nil, idempotencyKey: "r", language: .en) }
    }

    @Test func quoteRefusesBadAmountsAndCurrencies() async throws {
        let engine = try GatewayTestSupport.engine()
        await #expect(throws: GatewayError.invalidAmount) { try await engine.quote(QuoteRequest(amount: 0, payerCurrency: "USD"), language: .en) }
        await #expect(throws: GatewayError.unknownCurrency) { try await engine.quote(QuoteRequest(amount: 10, payerCurrency: "US"), language: .en) }
    }
}

/// 4xx kinds (everything but unavailable and internal).
enum HTTPStatusClass {
    static func isClientError(_ kind: ErrorKind) -> Bool { kind != .unavailable && kind != .internal }
}
