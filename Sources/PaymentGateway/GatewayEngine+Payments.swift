import Foundation
import PayAssistCore
import Storage

/// Saved cards, payments and the state machine transitions (3-D Secure, refunds, cancel).
extension GatewayEngine {
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

    struct PreparedPayment {
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

    func preparePayment(_ request: CreatePaymentRequest) throws -> PreparedPayment {
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

    func executePayment(_ prepared: PreparedPayment, reference: String, now: Int64, in connection: SQLiteConnection) throws -> Payment {
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
    func currentPayment(id: String) throws -> Payment {
        guard let (payment, settleAt) = try store.database.withConnection({ try store.payment(id: id, in: $0) }) else {
            throw GatewayError.paymentNotFound
        }
        guard payment.status == .processing, let settleAt, settleAt <= nowSeconds else { return payment }
        return try store.database.transaction { connection in
            guard let (payment, settleAt) = try store.payment(id: id, in: connection) else { throw GatewayError.paymentNotFound }
            guard payment.status == .processing, let settleAt, settleAt <= nowSeconds else { return payment }
            return try transition(payment, to: .succeeded, now: nowSeconds, in: connection)
        }
    }

    /// Moves a payment to `next` if the state machine allows it, writing the change and its event.
    func transition(_ payment: Payment, to next: PaymentState, now: Int64, in connection: SQLiteConnection,
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
    func loadForUpdate(_ id: String, now: Int64, in connection: SQLiteConnection) throws -> Payment {
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
}
