import Billing
import Foundation
import PaymentGateway
import PayAssistCore

extension Assistant {
    /// The currencies a checkout page offers for the card.
    public static let cardCurrencies: [Currency] = ["CNY", "USD", "EUR", "GBP", "JPY", "KRW", "HKD", "TWD", "SGD", "AUD", "CAD", "CHF", "RUB"].compactMap { Currency(code: $0) }

    /// Opens a checkout link: verifies the signature and expiry and that it was not used.
    ///
    /// - Throws: `CheckoutError.invalidLink` (tampered), `.linkExpired`, `.linkUsed`.
    public func openCheckout(token: String) throws -> CheckoutView {
        let view = try checkoutView(token: token)
        guard view.record.status != .paid else { throw CheckoutError.linkUsed }
        return view
    }

    private func checkoutView(token: String) throws -> CheckoutView {
        let claims = try linkSigner.verify(token, now: clock.now())
        guard let record = try checkouts.checkout(id: claims.checkoutID), record.accountNumber == claims.accountNumber,
              record.amount.minorUnits == claims.amountMinorUnits, let account = try billing.account(number: record.accountNumber) else {
            throw CheckoutError.invalidLink
        }
        let customer = try billing.customer(id: record.customerID)
        return CheckoutView(record: record, account: account, amountDue: try billing.amountDue(accountNumber: record.accountNumber),
                            suggestedCurrency: customer?.cardCurrency ?? .cny, language: record.language)
    }

    /// Parses and checks an amount typed on the page ("120.5"): CNY, above zero, within the limit.
    public func checkoutAmount(_ text: String) throws -> Money {
        guard let amount = Money(decimalString: text.trimmingCharacters(in: .whitespaces), currency: .cny), amount.minorUnits > 0,
              amount.minorUnits <= configuration.policy.maximumAmount.minorUnits else { throw CheckoutError.invalidAmount }
        return amount
    }

    /// Quotes an amount in the card's currency for a checkout page.
    public func quoteCheckout(token: String, amount: Money, payerCurrency: Currency) async throws -> Quote {
        let view = try openCheckout(token: token)
        return try await gateway.quote(QuoteRequest(amount: amount.minorUnits, currency: "CNY", payerCurrency: payerCurrency.code), language: view.language)
    }

    /// Pays a checkout with a card typed on the page. One idempotency key per checkout and attempt,
    /// and one attempt at a time per checkout, so a double tap charges once.
    public func payCheckout(token: String, amount: Money, payerCurrency: Currency, quoteID: String?, card: CardDetails) async throws -> CheckoutOutcome {
        let claims = try linkSigner.verify(token, now: clock.now())
        return try await sessionLocks.withLock(claims.checkoutID) {
            var view = try checkoutView(token: token)
            if view.record.status == .paid { return .alreadyPaid(view) }
            if view.record.status == .verifying, let paymentID = view.record.paymentID {
                let pending = try await gateway.payment(id: paymentID, language: view.language)
                if pending.status != .failed && pending.status != .canceled { return try settle(pending, view: &view) }
                view.record.attempt += 1
                view.record.status = .open
                view.record.paymentID = nil
            }
            // Another link of this customer already paid this account minutes ago: a repeat, not a second payment.
            if let recent = try facts.recentPayment(customerID: view.record.customerID, accountNumber: view.record.accountNumber) {
                throw CheckoutError.recentlyPaid(amount: recent.amount, at: recent.paidAt)
            }
            let foreign = payerCurrency != .cny
            let request = CreatePaymentRequest(amount: amount.minorUnits, currency: "CNY", reference: "checkout-\(view.record.id)-\(view.record.attempt)",
                                               method: .card(card), payerCurrency: foreign ? payerCurrency.code : nil,
                                               quoteID: foreign ? quoteID : nil, billingCountry: nil)
            let payment: Payment
            do {
                payment = try await gateway.createPayment(request, idempotencyKey: view.record.idempotencyKey, language: view.language)
            } catch let error as GatewayClientError {
                if case .rejected = error { view.record.attempt += 1; try checkouts.update(view.record, now: clock.now()) }
                throw error
            } catch let error as GatewayError {
                view.record.attempt += 1 // the key answered with a refusal; a corrected form needs a new one
                try checkouts.update(view.record, now: clock.now())
                throw error
            }
            return try settle(payment, view: &view)
        }
    }

    /// Finishes a 3-D Secure challenge for a checkout.
    public func completeCheckoutChallenge(token: String, result: ThreeDSecureResult) async throws -> CheckoutOutcome {
        let claims = try linkSigner.verify(token, now: clock.now())
        return try await sessionLocks.withLock(claims.checkoutID) {
            var view = try checkoutView(token: token)
            if view.record.status == .paid { return .alreadyPaid(view) }
            guard view.record.status == .verifying, let paymentID = view.record.paymentID else { throw CheckoutError.invalidLink }
            var payment = try await gateway.payment(id: paymentID, language: view.language)
            if payment.status == .requiresAction {
                payment = try await gateway.submitThreeDSecure(paymentID: paymentID, result: result, language: view.language)
            }
            return try settle(payment, view: &view)
        }
    }

    /// Records what the gateway said about a checkout payment.
    private func settle(_ payment: Payment, view: inout CheckoutView) throws -> CheckoutOutcome {
        let now = clock.now()
        switch payment.status {
        case .succeeded, .partiallyRefunded, .refunded:
            try billing.recordPayment(accountNumber: view.record.accountNumber, amount: payment.amount, reference: payment.id, channel: "checkout",
                                      customerID: view.record.customerID, paidAt: now)
            view.record.status = .paid
            view.record.paymentID = payment.id
            view.record.paidAmount = payment.amount
            try checkouts.update(view.record, now: now)
            logger.info("checkout paid", ["checkout": view.record.id, "payment": payment.id])
            return .paid(payment, view)
        case .requiresAction, .processing:
            view.record.status = .verifying
            view.record.paymentID = payment.id
            try checkouts.update(view.record, now: now)
            return payment.status == .requiresAction ? .needsThreeDSecure(payment, view) : .processing(payment, view)
        case .failed, .canceled:
            view.record.status = .open
            view.record.paymentID = nil
            view.record.attempt += 1
            try checkouts.update(view.record, now: now)
            return .declined(payment, view)
        }
    }
}
