import Billing
import Foundation
import PaymentGateway
import PayAssistCore

extension Assistant {
    /// The currency the customer's card is billed in on this channel: the saved card's on voice,
    /// the profile's card currency for checkout links.
    func payerCurrency(for customer: Customer, channel: AssistantChannel) throws -> Currency {
        if channel == .voice, let card = try cards.card(customerID: customer.id) { return card.currency }
        return customer.cardCurrency ?? .cny
    }

    /// True when the customer pays with the saved card (voice), false for a checkout link.
    func paysWithSavedCard(_ customer: Customer, channel: AssistantChannel) throws -> Bool {
        guard channel == .voice else { return false }
        return try cards.card(customerID: customer.id) != nil
    }

    /// Reads the draft back: masked holder, account, amount and, for a foreign card, the locked
    /// card-currency amount, rate and fee from a fresh gateway quote.
    func askConfirmation(_ context: inout TurnContext) async throws {
        guard var draft = context.state.draft, let number = draft.account, let amount = draft.amount else { return }
        let holder = try billing.account(number: number)?.maskedHolderName ?? ""
        let currency = try payerCurrency(for: context.customer, channel: context.channel)
        var values: [String: ReplyValue] = ["holder": .text(holder), "account": .account(number), "amount": .money(amount)]
        var key = "confirm_payment"
        if currency != .cny {
            if draft.quote == nil || draft.quote!.expiresAt <= Int64(context.now.timeIntervalSince1970) + 60 {
                draft.quote = nil
                do {
                    let quote = try await gateway.quote(QuoteRequest(amount: amount.minorUnits, currency: "CNY", payerCurrency: currency.code), language: context.state.language)
                    draft.quote = QuoteNote(id: quote.id, payerTotal: quote.payerTotal, fee: quote.fee, rate: quote.rate, expiresAt: quote.expiresAt)
                } catch {
                    logger.warning("quote failed", ["error": (error as? any CodedError)?.code ?? "unknown"])
                }
            }
            guard let quote = draft.quote else {
                // Without a quote the read-back is incomplete, so no confirmation is asked for.
                draft.confirmations = 0
                draft.readBackGiven = false
                context.state.draft = draft
                context.messages.append(ReplyMessage("payment_unavailable"))
                context.outcome = .failed
                return
            }
            key = "confirm_payment_foreign"
            values["payer_total"] = .money(quote.payerTotal)
            values["fee"] = .money(quote.fee)
            values["rate"] = .text(quote.rate)
        }
        context.state.draft = draft
        context.messages.append(ReplyMessage(key, values, keyNumbers: [.money(amount), .account(number)]))
    }

    /// The idempotency key of a confirmed draft: derived from the session, the flow and its values,
    /// so a retried confirmation charges once.
    static func idempotencyKey(sessionID: String, draft: PaymentDraft) -> String {
        "assist-" + Crypto.sha256Hex("\(sessionID)|\(draft.id)|\(draft.account ?? "")|\(draft.amount?.minorUnits ?? 0)").prefix(40)
    }

    /// Pays a confirmed draft: with the saved card on voice, else by issuing a checkout link.
    func pay(_ draft: PaymentDraft, context: inout TurnContext) async throws {
        guard let number = draft.account, let amount = draft.amount else { return }
        let language = context.state.language
        guard try paysWithSavedCard(context.customer, channel: context.channel), let card = try cards.card(customerID: context.customer.id) else {
            try issueCheckoutLink(draft, context: &context)
            return
        }
        // A foreign card pays at the quote that was read back; an expired one is read back anew.
        if card.currency != .cny, draft.quote == nil || draft.quote!.expiresAt <= Int64(context.now.timeIntervalSince1970) {
            context.state.draft?.quote = nil
            context.state.draft?.confirmations = 0
            context.outcome = .confirmationRequested
            try await askConfirmation(&context)
            return
        }
        let request = CreatePaymentRequest(amount: amount.minorUnits, currency: "CNY", reference: "assist-\(draft.id)", method: .cardToken(card.token),
                                           payerCurrency: card.currency == .cny ? nil : card.currency.code, quoteID: card.currency == .cny ? nil : draft.quote?.id,
                                           billingCountry: context.customer.country)
        let payment: Payment
        do {
            payment = try await gateway.createPayment(request, idempotencyKey: Assistant.idempotencyKey(sessionID: context.session.id, draft: draft), language: language)
        } catch {
            // Nothing is known to be charged; the same confirmation retries with the same key.
            logger.warning("payment failed to reach the gateway", ["error": (error as? any CodedError)?.code ?? "unknown", "session": context.session.id])
            context.state.draft?.confirmations = max(0, draft.confirmationsRequired - 1)
            context.messages.append(ReplyMessage("payment_unavailable"))
            context.outcome = .failed
            return
        }
        context.actions.append(.payment(Assistant.summary(of: payment)))
        switch payment.status {
        case .succeeded:
            try billing.recordPayment(accountNumber: number, amount: amount, reference: payment.id, channel: context.channel.rawValue,
                                      customerID: context.customer.id, paidAt: context.now)
            context.state = configuration.policy.completed(context.state, draft: draft, reference: payment.id, at: context.now, paid: true)
            context.messages.append(ReplyMessage("paid", ["amount": .money(amount), "account": .account(number), "last4": .text(payment.card.last4)],
                                                 keyNumbers: [.money(amount)]))
            context.outcome = .paid
        case .requiresAction, .processing:
            // The bank wants a challenge a voice call cannot show: cancel this attempt and send a link.
            _ = try? await gateway.cancel(paymentID: payment.id, idempotencyKey: "cancel-\(payment.id)", language: language)
            context.actions.removeLast()
            context.messages.append(ReplyMessage("payment_needs_verification"))
            try issueCheckoutLink(draft, context: &context)
        case .failed, .canceled, .refunded, .partiallyRefunded:
            context.state.draft = nil
            context.messages.append(ReplyMessage("payment_declined", ["reason": .text(payment.failure?.message ?? "")]))
            context.outcome = .paymentFailed
        }
    }

    /// Issues a signed, expiring, single-use checkout link for the draft (a deep link action).
    func issueCheckoutLink(_ draft: PaymentDraft, context: inout TurnContext) throws {
        guard let number = draft.account, let amount = draft.amount else { return }
        let link = try createCheckoutLink(customerID: context.customer.id, accountNumber: number, amount: amount, language: context.state.language,
                                          sessionID: context.session.id, now: context.now)
        context.actions.append(.deepLink(appURL: link.appURL, webURL: link.webURL,
                                         label: renderer.fill("label_pay_link", [:], language: context.state.language, timeZone: .gmt, ssml: false),
                                         expiresAt: link.expiresAt))
        context.messages.append(ReplyMessage("checkout_link", ["amount": .money(amount), "account": .account(number),
                                                               "minutes": .number(Int(configuration.checkoutLinkLifetime / 60))]))
        context.state = configuration.policy.completed(context.state, draft: draft, reference: link.checkoutID, at: context.now, paid: false)
        context.outcome = .linkIssued
    }

    /// A signed checkout link.
    public struct CheckoutLink: Sendable, Equatable {
        public let checkoutID: String
        public let token: String
        /// `payassist://pay?token=...`, opening the app's pay screen.
        public let appURL: String
        /// The same screen on the web: `<publicBaseURL>/checkout/<token>`.
        public let webURL: String
        public let expiresAt: Date
    }

    /// Creates a checkout and its signed link. In a conversation (no `lifetime`) the same request
    /// repeated within the repeat window gets the still-open link back, so two messages cannot
    /// become two payments.
    ///
    /// - Parameter lifetime: seconds the link stays valid; nil uses the configured lifetime for links
    ///   handed out in a conversation (reminders pass a longer one: an SMS is read hours later).
    public func createCheckoutLink(customerID: String, accountNumber: String, amount: Money, language: Language, sessionID: String?, now: Date,
                                   lifetime: TimeInterval? = nil) throws -> CheckoutLink {
        let reusable = lifetime == nil
            ? try checkouts.openCheckout(customerID: customerID, accountNumber: accountNumber, amount: amount,
                                         since: now.addingTimeInterval(-configuration.repeatWindow), now: now)
            : nil
        let record = try reusable ?? checkouts.create(customerID: customerID, accountNumber: accountNumber, amount: amount, language: language,
                                                      sessionID: sessionID, now: now, lifetime: lifetime ?? configuration.checkoutLinkLifetime)
        let token = linkSigner.token(for: CheckoutClaims(checkoutID: record.id, accountNumber: accountNumber, amountMinorUnits: amount.minorUnits,
                                                         customerID: customerID, language: record.language, expiresAt: Int64(record.expiresAt.timeIntervalSince1970)))
        return CheckoutLink(checkoutID: record.id, token: token, appURL: "payassist://pay?token=\(token)", webURL: "\(publicBaseURL)/checkout/\(token)",
                            expiresAt: record.expiresAt)
    }

    /// The front end's view of a gateway payment.
    static func summary(of payment: Payment) -> PaymentSummary {
        let foreign = payment.payerAmount.currency != payment.amount.currency
        return PaymentSummary(id: payment.id, status: payment.status.rawValue, amount: AmountBody(payment.amount),
                              payerTotal: foreign ? AmountBody(payment.payerTotal) : nil, fee: foreign ? AmountBody(payment.fee) : nil,
                              rate: foreign ? payment.rate : nil,
                              card: .init(network: payment.card.network.rawValue, last4: payment.card.last4),
                              nextAction: payment.nextAction.map { .init(type: $0.type, url: $0.url) },
                              error: payment.failure.map { .init(code: $0.code, declineCode: $0.declineCode, message: $0.message) })
    }
}
