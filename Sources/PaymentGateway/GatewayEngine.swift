import Foundation
import PayAssistCore
import Storage
import Synchronization

/// The mock card gateway itself: validates, decides outcomes from test cards, converts currencies,
/// runs the payment state machine and keeps idempotency, all committed to SQLite before it answers.
///
/// It conforms to `PaymentGatewayClient`, so in-process callers (tests, benchmarks) use it directly;
/// GatewayService puts it behind HTTP.
public final class GatewayEngine: PaymentGatewayClient {
    /// The tables.
    public let store: GatewayStore
    /// Limits, delays, rates and test cards.
    public let configuration: GatewayConfiguration
    private let clock: any WallClock
    private let logger: Logger
    private let fingerprintKey: [UInt8]
    /// Idempotency keys whose first request is executing right now (in this process).
    private let inFlight = Mutex<Set<String>>([])
    private let writesSincePurge = Atomic<Int>(0)

    /// Creates the engine on a store.
    ///
    /// - Parameters:
    ///   - store: the gateway's tables (migrated by `GatewayStore.init`).
    ///   - configuration: rates, test cards, limits.
    ///   - clock: the time source for expiry, quotes and key retention.
    ///   - logger: receives ids, statuses and card summaries only.
    public init(store: GatewayStore, configuration: GatewayConfiguration, clock: any WallClock = SystemClock(), logger: Logger = .disabled) throws {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.fingerprintKey = try store.fingerprintKey()
        try purgeExpiredIdempotencyKeys()
    }

    private var nowSeconds: Int64 { Int64(clock.now().timeIntervalSince1970.rounded(.down)) }

    private static func newID(_ prefix: String) -> String { prefix + Crypto.hex(Crypto.randomBytes(12)) }

    // MARK: Quotes

    public func quote(_ request: QuoteRequest, language: Language) async throws -> Quote {
        let amount = try validatedAmount(request.amount, currencyCode: request.currency)
        let payer = try supportedCurrency(request.payerCurrency)
        let now = nowSeconds
        let conversion = convert(amount, to: payer)
        let quote = Quote(id: GatewayEngine.newID("qt_"), amount: amount, payerAmount: conversion.payerAmount, fee: conversion.fee,
                          rate: conversion.rate.decimalString, ratesAsOf: configuration.rates.asOf,
                          created: now, expiresAt: now + configuration.quoteLifetime)
        try store.insertQuote(quote)
        return quote
    }

    private struct Conversion {
        let rate: ExchangeRate
        let payerAmount: Money
        let fee: Money
    }

    private func convert(_ amount: Money, to payer: Currency) -> Conversion {
        let rates = configuration.rates
        let rate = rates.rate(from: amount.currency, to: payer) ?? .one
        let converted = ExchangeRateTable.convert(amount, rate: rate, to: payer)
        return Conversion(rate: rate, payerAmount: converted, fee: rates.fee(on: converted, crossBorder: payer != amount.currency))
    }

    // MARK: Validation (throws before anything is written)

    private func knownCurrency(_ code: String) throws(GatewayError) -> Currency {
        guard code.count == 3, let currency = Currency(code: code), code == currency.code else { throw .unknownCurrency }
        return currency
    }

    private func supportedCurrency(_ code: String) throws(GatewayError) -> Currency {
        let currency = try knownCurrency(code)
        guard configuration.rates.supports(currency) else { throw .unsupportedCurrency }
        return currency
    }

    private func validatedAmount(_ minorUnits: Int64, currencyCode: String) throws(GatewayError) -> Money {
        let currency = try supportedCurrency(currencyCode)
        guard minorUnits > 0 else { throw .invalidAmount }
        guard minorUnits <= 1_000_000_000_000 else { throw .amountOverLimit }
        let amount = Money(minorUnits: minorUnits, currency: currency)
        guard let cny = configuration.rates.cnyEquivalent(of: amount), cny.minorUnits <= configuration.maximumAmountCNYMinorUnits else {
            throw .amountOverLimit
        }
        return amount
    }

    /// Checks an Idempotency-Key: 1-255 visible ASCII characters.
    public static func validateIdempotencyKey(_ key: String) throws(GatewayError) {
        guard !key.isEmpty else { throw .idempotencyKeyMissing }
        guard key.utf8.count <= 255, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { throw .idempotencyKeyInvalid }
    }

    // MARK: Idempotency

    /// The result of an idempotent operation and whether it was replayed from an earlier request.
    public struct Recorded<Value: Sendable>: Sendable {
        public let value: Value
        public let replayed: Bool
    }

    private func fingerprint(operation: String, _ parts: [String]) -> String {
        let text = ([operation] + parts).joined(separator: "\u{1f}")
        return Crypto.hex(Crypto.hmacSHA256(key: fingerprintKey, message: Array(text.utf8)))
    }

    private func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try GatewayStore.encoder.encode(value), as: UTF8.self)
    }

    /// Runs `execute` at most once per key: replays the stored answer for a retry, refuses a key reused
    /// with other parameters, and answers `request_in_progress` while the first request is still running.
    ///
    /// `prepare` validates and may wait (slow card) outside the database lock; `execute` runs inside one
    /// transaction that also stores the answer, so the answer is durable before it is returned.
    private func idempotent<Value: Codable & Sendable, Prepared>(
        key: String, fingerprint: String,
        prepare: () async throws -> Prepared,
        execute: (SQLiteConnection, Prepared, Int64) throws -> Value
    ) async throws -> Recorded<Value> {
        try GatewayEngine.validateIdempotencyKey(key)
        if let replay: Recorded<Value> = try replay(key: key, fingerprint: fingerprint) { return replay }
        let claimed = inFlight.withLock { $0.insert(key).inserted }
        guard claimed else {
            // Another request with this key is running here; it may have finished since the check above.
            if let replay: Recorded<Value> = try replay(key: key, fingerprint: fingerprint) { return replay }
            throw GatewayError.requestInProgress
        }
        defer { _ = inFlight.withLock { $0.remove(key) } }
        let prepared = try await prepare()
        let result: Recorded<Value> = try store.database.transaction { connection in
            if let stored = try store.storedAnswer(key: key, in: connection) {
                guard stored.fingerprint == fingerprint else { throw GatewayError.idempotencyKeyReused }
                return Recorded(value: try GatewayStore.decoder.decode(Value.self, from: Data(stored.answer.utf8)), replayed: true)
            }
            let now = nowSeconds
            let value = try execute(connection, prepared, now)
            try store.storeAnswer(key: key, fingerprint: fingerprint, answer: try canonicalJSON(value), now: now, in: connection)
            return Recorded(value: value, replayed: false)
        }
        if writesSincePurge.wrappingAdd(1, ordering: .relaxed).newValue % 10_000 == 0 { _ = try? purgeExpiredIdempotencyKeys() }
        return result
    }

    private func replay<Value: Codable & Sendable>(key: String, fingerprint: String) throws -> Recorded<Value>? {
        guard let stored = try store.database.withConnection({ try store.storedAnswer(key: key, in: $0) }) else { return nil }
        guard stored.fingerprint == fingerprint else { throw GatewayError.idempotencyKeyReused }
        return Recorded(value: try GatewayStore.decoder.decode(Value.self, from: Data(stored.answer.utf8)), replayed: true)
    }

    /// Deletes idempotency keys older than the retention (24 hours by default); returns how many.
    @discardableResult
    public func purgeExpiredIdempotencyKeys() throws -> Int {
        try store.purgeIdempotencyKeys(createdBefore: nowSeconds - configuration.idempotencyRetention)
    }

    // MARK: Cards

    public func saveCard(_ card: CardDetails, idempotencyKey: String, language: Language) async throws -> CardToken {
        try await saveCardRecorded(card, idempotencyKey: idempotencyKey).value
    }

    /// `saveCard`, also saying whether the answer was replayed.
    public func saveCardRecorded(_ card: CardDetails, idempotencyKey: String) async throws -> Recorded<CardToken> {
        let fingerprint = fingerprint(operation: "cards.create", [try canonicalJSON(card)])
        return try await idempotent(key: idempotencyKey, fingerprint: fingerprint, prepare: {
            let validated = try card.validated(now: clock.now())
            return (validated.summary, configuration.testCards.outcome(for: validated))
        }, execute: { connection, prepared, now in
            let token = CardToken(token: GatewayEngine.newID("card_"), card: prepared.0, created: now)
            try store.insertCard(token, outcome: prepared.1, in: connection)
            logger.info("card saved", ["token": token.token, "card": token.card.description])
            return token
        })
    }

    // MARK: Payments

    public func createPayment(_ request: CreatePaymentRequest, idempotencyKey: String, language: Language) async throws -> Payment {
        try await createPaymentRecorded(request, idempotencyKey: idempotencyKey).value.localized(language)
    }

    private struct PreparedPayment {
        let amount: Money
        let card: CardSummary
        let cardToken: String?
        let outcome: TestCardOutcome
        let quoteID: String?
        let conversion: Conversion
    }

    /// `createPayment`, also saying whether the answer was replayed. Failure messages are in English.
    public func createPaymentRecorded(_ request: CreatePaymentRequest, idempotencyKey: String) async throws -> Recorded<Payment> {
        let fingerprint = fingerprint(operation: "payments.create", [try canonicalJSON(request)])
        return try await idempotent(key: idempotencyKey, fingerprint: fingerprint, prepare: {
            let prepared = try preparePayment(request)
            if prepared.outcome == .slow { try await Task.sleep(for: .seconds(configuration.slowCardDelay)) }
            return prepared
        }, execute: { connection, prepared, now in
            try executePayment(prepared, reference: request.reference, now: now, in: connection)
        })
    }

    private func preparePayment(_ request: CreatePaymentRequest) throws -> PreparedPayment {
        let amount = try validatedAmount(request.amount, currencyCode: request.currency)
        let reference = request.reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...128).contains(reference.count), reference == request.reference else { throw GatewayError.invalidReference }
        var payer = try request.payerCurrency.map { code throws(GatewayError) in try supportedCurrency(code) }

        var quoteID: String?
        var conversion: Conversion
        if let id = request.quoteID {
            guard let quote = try store.quote(id: id) else { throw GatewayError.quoteNotFound }
            guard quote.amount == amount, payer == nil || payer == quote.payerAmount.currency else { throw GatewayError.quoteMismatch }
            guard nowSeconds <= quote.expiresAt else { throw GatewayError.quoteExpired }
            payer = quote.payerAmount.currency
            quoteID = id
            conversion = Conversion(rate: ExchangeRate(decimalString: quote.rate) ?? .one, payerAmount: quote.payerAmount, fee: quote.fee)
        } else {
            conversion = convert(amount, to: payer ?? amount.currency)
        }

        let card: CardSummary
        let token: String?
        let outcome: TestCardOutcome
        switch request.method {
        case .card(let details):
            let validated = try details.validated(now: clock.now())
            card = validated.summary
            token = nil
            outcome = configuration.testCards.outcome(for: validated)
        case .cardToken(let value):
            guard !value.isEmpty else { throw GatewayError.invalidPaymentMethod }
            guard let (saved, savedOutcome) = try store.card(token: value) else { throw GatewayError.cardTokenNotFound }
            guard !saved.card.expiry.isPast(at: clock.now()) else { throw GatewayError.cardExpired }
            card = saved.card
            token = value
            outcome = savedOutcome
        }
        return PreparedPayment(amount: amount, card: card, cardToken: token, outcome: outcome, quoteID: quoteID, conversion: conversion)
    }

    private func executePayment(_ prepared: PreparedPayment, reference: String, now: Int64, in connection: SQLiteConnection) throws -> Payment {
        let id = GatewayEngine.newID("pay_")
        var status = PaymentState.succeeded
        var failure: PaymentFailure?
        var nextAction: NextAction?
        var settleAt: Int64?
        let crossBorder = prepared.conversion.payerAmount.currency != prepared.amount.currency
        switch prepared.outcome {
        case .succeeded, .slow:
            break
        case .declined(let declineCode):
            status = .failed
            failure = PaymentFailure(code: "card_declined", declineCode: declineCode)
        case .processingError:
            status = .failed
            failure = PaymentFailure(code: "processing_error", declineCode: nil)
        case .threeDSecureRequired:
            status = .requiresAction
            nextAction = NextAction(type: "three_d_secure", url: "/gateway/v1/payments/\(id)/challenge")
        case .crossBorderNotAllowed:
            if crossBorder {
                status = .failed
                failure = PaymentFailure(code: "card_declined", declineCode: "transaction_not_allowed")
            }
        case .processing:
            status = .processing
            settleAt = now + configuration.settlementDelay
        }
        let payment = Payment(id: id, status: status, amount: prepared.amount, reference: reference,
                              payerAmount: prepared.conversion.payerAmount, fee: prepared.conversion.fee,
                              rate: prepared.conversion.rate.decimalString, quoteID: prepared.quoteID, card: prepared.card,
                              cardToken: prepared.cardToken, amountRefunded: .zero(prepared.amount.currency),
                              nextAction: nextAction, failure: failure, created: now, updated: now)
        try store.insertPayment(payment, settleAt: settleAt, in: connection)
        try store.appendEvent(payment, now: now, in: connection)
        logger.info("payment created", ["payment": id, "status": status.rawValue, "card": prepared.card.description])
        return payment
    }

    public func payment(id: String, language: Language) async throws -> Payment {
        try currentPayment(id: id).localized(language)
    }

    /// Reads a payment, settling a `processing` one whose settlement time has come (committed first).
    private func currentPayment(id: String) throws -> Payment {
        try store.database.transaction { connection in
            guard let (payment, settleAt) = try store.payment(id: id, in: connection) else { throw GatewayError.paymentNotFound }
            guard payment.status == .processing, let settleAt, settleAt <= nowSeconds else { return payment }
            return try transition(payment, to: .succeeded, now: nowSeconds, in: connection)
        }
    }

    /// Moves a payment to `next` if the state machine allows it, writing the change and its event.
    private func transition(_ payment: Payment, to next: PaymentState, now: Int64, in connection: SQLiteConnection,
                            change: (inout Payment) -> Void = { _ in }) throws -> Payment {
        precondition(payment.status.canTransition(to: next), "callers check the transition first")
        var updated = payment
        updated.status = next
        updated.nextAction = nil
        updated.updated = now
        change(&updated)
        try store.updatePayment(updated, from: payment.status, in: connection)
        try store.appendEvent(updated, now: now, in: connection)
        logger.info("payment transition", ["payment": payment.id, "from": payment.status.rawValue, "to": next.rawValue])
        return updated
    }

    /// Loads a payment inside a transaction, settling it first if it is due.
    private func loadForUpdate(_ id: String, now: Int64, in connection: SQLiteConnection) throws -> Payment {
        guard let (payment, settleAt) = try store.payment(id: id, in: connection) else { throw GatewayError.paymentNotFound }
        if payment.status == .processing, let settleAt, settleAt <= now {
            return try transition(payment, to: .succeeded, now: now, in: connection)
        }
        return payment
    }

    public func submitThreeDSecure(paymentID: String, result: ThreeDSecureResult, language: Language) async throws -> Payment {
        try store.database.transaction { connection in
            let now = nowSeconds
            let payment = try loadForUpdate(paymentID, now: now, in: connection)
            guard payment.status == .requiresAction else { throw GatewayError.paymentNotAwaitingAuthentication }
            switch result {
            case .pass:
                return try transition(payment, to: .succeeded, now: now, in: connection)
            case .fail:
                return try transition(payment, to: .failed, now: now, in: connection) {
                    $0.failure = PaymentFailure(code: "authentication_failed", declineCode: nil)
                }
            }
        }.localized(language)
    }

    public func refund(paymentID: String, amount: Int64?, idempotencyKey: String, language: Language) async throws -> Payment {
        try await refundRecorded(paymentID: paymentID, amount: amount, idempotencyKey: idempotencyKey).value.localized(language)
    }

    /// `refund`, also saying whether the answer was replayed.
    public func refundRecorded(paymentID: String, amount: Int64?, idempotencyKey: String) async throws -> Recorded<Payment> {
        let fingerprint = fingerprint(operation: "refunds.create", [paymentID, amount.map(String.init) ?? "all"])
        return try await idempotent(key: idempotencyKey, fingerprint: fingerprint, prepare: {}, execute: { connection, _, now in
            let payment = try loadForUpdate(paymentID, now: now, in: connection)
            guard payment.status.isRefundable else { throw GatewayError.paymentNotRefundable }
            let remaining = payment.amount.minorUnits - payment.amountRefunded.minorUnits
            let refundAmount = amount ?? remaining
            guard refundAmount > 0 else { throw GatewayError.invalidAmount }
            guard refundAmount <= remaining else { throw GatewayError.refundExceedsCaptured }
            let next: PaymentState = refundAmount == remaining ? .refunded : .partiallyRefunded
            try store.insertRefund(id: GatewayEngine.newID("re_"), paymentID: paymentID, amount: refundAmount, now: now, in: connection)
            return try transition(payment, to: next, now: now, in: connection) {
                $0.amountRefunded = $0.amountRefunded + Money(minorUnits: refundAmount, currency: $0.amount.currency)
            }
        })
    }

    public func cancel(paymentID: String, idempotencyKey: String, language: Language) async throws -> Payment {
        try await cancelRecorded(paymentID: paymentID, idempotencyKey: idempotencyKey).value.localized(language)
    }

    /// `cancel`, also saying whether the answer was replayed.
    public func cancelRecorded(paymentID: String, idempotencyKey: String) async throws -> Recorded<Payment> {
        let fingerprint = fingerprint(operation: "payments.cancel", [paymentID])
        return try await idempotent(key: idempotencyKey, fingerprint: fingerprint, prepare: {}, execute: { connection, _, now in
            let payment = try loadForUpdate(paymentID, now: now, in: connection)
            guard payment.status.isCancelable else { throw GatewayError.paymentNotCancelable }
            return try transition(payment, to: .canceled, now: now, in: connection)
        })
    }

    // MARK: Events

    public func events(after cursor: String?, limit: Int) async throws -> GatewayEventPage {
        try eventPage(after: cursor, limit: limit)
    }

    /// Events after `cursor` ("0" or nil for the start), at most `limit` (1-1000).
    public func eventPage(after cursor: String?, limit: Int) throws -> GatewayEventPage {
        let start: Int64
        if let cursor, !cursor.isEmpty {
            guard let value = Int64(cursor), value >= 0 else { throw GatewayError.invalidCursor }
            start = value
        } else {
            start = 0
        }
        let bounded = min(max(limit, 1), 1000)
        let events = try store.events(after: start, limit: bounded + 1)
        let page = Array(events.prefix(bounded))
        return GatewayEventPage(events: page, nextCursor: String(page.last?.sequence ?? start), hasMore: events.count > bounded)
    }
}
