import Billing
import Foundation
import PaymentGateway
import PayAssistCore

extension Assistant {
    /// Answers a question from data (or performs a service request) and adds messages and actions.
    func answer(_ intent: AssistantIntent, slots: RecognizedSlots, context: inout TurnContext) async throws {
        let customer = context.customer
        switch intent {
        case .queryBill, .queryUsage, .queryDueDate, .queryPaymentHistory, .tariffPolicy:
            guard let number = try readableAccount(slots: slots, context: &context) else { return }
            try answerFromData(intent, account: number, period: slots.period, context: &context)
        case .reportOutage:
            let linked = try billing.linkedAccounts(customerID: customer.id).first?.number
            let account = slots.account ?? linked
            let window = TicketStore.visitWindow(after: context.now, timeZone: DemoFixtures.utilityTimeZone)
            let ticket = try tickets.create(kind: .repair, customerID: customer.id, sessionID: context.session.id, accountNumber: account, at: context.now,
                                            visit: window, transcript: context.state.transcript, timeZone: DemoFixtures.utilityTimeZone)
            let local = DemoFixtures.utilityTimeZone
            context.messages.append(ReplyMessage("outage_ticket", ["ticket": .text(ticket.number), "date": .date(LocalDate(window.from, in: local)),
                                                                   "from": .instant(window.from), "to": .instant(window.to)], keyNumbers: [.text(ticket.number)]))
            context.actions.append(.ticket(Assistant.summary(of: ticket)))
            if context.outcome != .refused { context.outcome = .ticketCreated }
        case .transferToAgent:
            let account = try billing.linkedAccounts(customerID: customer.id).first?.number
            let ticket = try tickets.create(kind: .handoff, customerID: customer.id, sessionID: context.session.id, accountNumber: account, at: context.now,
                                            visit: nil, transcript: context.state.transcript, timeZone: DemoFixtures.utilityTimeZone)
            context.messages.append(ReplyMessage("handoff", ["ticket": .text(ticket.number)]))
            context.actions.append(.ticket(Assistant.summary(of: ticket)))
            context.outcome = .transferred
        case .setReminder:
            do {
                try await reminders.setReminder(customerID: customer.id, accountNumber: slots.account, time: slots.time, language: context.state.language)
                context.messages.append(slots.time.map { ReplyMessage("reminder_set_time", ["time": .timeOfDay($0)]) } ?? ReplyMessage("reminder_set"))
            } catch {
                logger.warning("reminder opt-in failed", ["error": (error as? any CodedError)?.code ?? "unknown"])
                context.messages.append(ReplyMessage("not_understood"))
                context.outcome = .failed
            }
        case .cancelReminder:
            do {
                try await reminders.cancelReminder(customerID: customer.id, accountNumber: slots.account)
                context.messages.append(ReplyMessage("reminder_canceled"))
            } catch {
                logger.warning("reminder opt-out failed", ["error": (error as? any CodedError)?.code ?? "unknown"])
                context.messages.append(ReplyMessage("not_understood"))
                context.outcome = .failed
            }
        case .help:
            context.messages.append(ReplyMessage("help"))
        case .payBill, .confirm, .deny, .cancel, .changeLanguage, .outOfScope:
            // Handled by the dialogue policy; never sent here.
            context.messages.append(ReplyMessage("help"))
        default:
            // An intent added in Intents/ data only: its answer is the catalog's "intent.<name>"
            // template; without one, the customer hears that it is understood but not served here.
            let key = Assistant.answerKey(for: intent)
            context.messages.append(ReplyMessage(renderer.catalog.contains(key) ? key : "intent_without_answer"))
        }
    }

    /// The reply-catalog key answering an intent added in data ("intent.request_invoice").
    static func answerKey(for intent: AssistantIntent) -> String { "intent." + intent.rawValue }

    /// The account a read question is about: the one named (if the customer is linked to it) or
    /// the customer's first linked account. Adds the refusal and returns nil when there is none.
    private func readableAccount(slots: RecognizedSlots, context: inout TurnContext) throws -> String? {
        if let number = slots.account {
            guard try billing.isLinked(customerID: context.customer.id, accountNumber: number) else {
                context.messages.append(ReplyMessage("not_linked", ["account": .account(number)]))
                context.outcome = .refused
                return nil
            }
            return number
        }
        guard let first = try billing.linkedAccounts(customerID: context.customer.id).first else {
            context.messages.append(ReplyMessage("no_linked_account"))
            context.outcome = .refused
            return nil
        }
        return first.number
    }

    private func answerFromData(_ intent: AssistantIntent, account number: String, period: YearMonth?, context: inout TurnContext) throws {
        let today = LocalDate(context.now, in: DemoFixtures.utilityTimeZone)
        // Only as many bills as the answer needs: the latest, or 13 months for a usage comparison.
        let needed = period != nil ? 24 : (intent == .queryUsage ? 13 : 1)
        let bills = intent == .queryDueDate || intent == .queryPaymentHistory ? [] : try billing.bills(accountNumber: number, limit: needed)
        let bill = period.flatMap { wanted in bills.first { $0.period == wanted } } ?? bills.first
        switch intent {
        case .queryBill:
            guard let bill else { context.messages.append(ReplyMessage("no_bills", ["account": .account(number)])); return }
            let unpaid = try billing.unpaidBills(accountNumber: number)
            let due = unpaid.reduce(Money.zero(.cny)) { $0 + $1.outstanding }
            if due.minorUnits > 0, let oldest = unpaid.first {
                context.messages.append(ReplyMessage("bill_due", ["account": .account(number), "period": .month(bill.period), "amount": .money(bill.amount),
                                                                  "due": .money(due), "date": .date(oldest.dueDate)], keyNumbers: [.money(due)]))
            } else {
                context.messages.append(ReplyMessage("bill_paid", ["account": .account(number), "period": .month(bill.period), "amount": .money(bill.amount)]))
            }
        case .queryUsage:
            guard let bill else { context.messages.append(ReplyMessage("no_bills", ["account": .account(number)])); return }
            let history = period == nil ? bills : try billing.bills(accountNumber: number, limit: 24)
            let previous = history.first { $0.period == bill.period.adding(months: -1) }
            let lastYear = history.first { $0.period == bill.period.adding(months: -12) }
            if let previous, let lastYear {
                context.messages.append(ReplyMessage("usage", ["period": .month(bill.period), "kwh": .number(bill.kWh),
                                                               "last_kwh": .number(previous.kWh), "year_kwh": .number(lastYear.kWh)]))
            } else if let previous {
                context.messages.append(ReplyMessage("usage_vs_last_month", ["period": .month(bill.period), "kwh": .number(bill.kWh), "last_kwh": .number(previous.kWh)]))
            } else {
                context.messages.append(ReplyMessage("usage_short", ["period": .month(bill.period), "kwh": .number(bill.kWh)]))
            }
        case .queryDueDate:
            guard let oldest = try billing.unpaidBills(accountNumber: number).first else {
                context.messages.append(ReplyMessage("nothing_due", ["account": .account(number)]))
                return
            }
            let values: [String: ReplyValue] = ["period": .month(oldest.period), "amount": .money(oldest.outstanding), "date": .date(oldest.dueDate)]
            context.messages.append(ReplyMessage(oldest.isOverdue(on: today) ? "due_date_overdue" : "due_date", values, keyNumbers: [.date(oldest.dueDate)]))
            if oldest.isOverdue(on: today), let cutoff = policyText("cutoff", language: context.state.language) {
                context.messages.append(ReplyMessage("policy_text", ["text": .text(cutoff)])) // when power is cut, from the tariff table
            }
        case .queryPaymentHistory:
            let payments = try billing.payments(accountNumber: number, limit: 20)
            guard let latest = payments.first else {
                context.messages.append(ReplyMessage("payment_history_none", ["account": .account(number)]))
                return
            }
            context.messages.append(ReplyMessage("payment_history", ["account": .account(number), "amount": .money(latest.amount),
                                                                     "date": .date(LocalDate(latest.paidAt, in: DemoFixtures.utilityTimeZone)),
                                                                     "count": .number(payments.count)]))
        case .tariffPolicy:
            let kWh = bill?.kWh ?? 0
            let tier = tariffs.tier(forKWh: kWh)
            let peak = tariffs.timeOfUse.first { $0.name == "peak" }?.pricePerKWh ?? "-"
            let valley = tariffs.timeOfUse.first { $0.name == "valley" }?.pricePerKWh ?? "-"
            context.messages.append(ReplyMessage("tariff", ["kwh": .number(kWh), "tier": .number(tier?.tier ?? 1), "price": .text(tier?.pricePerKWh ?? "-"),
                                                            "peak": .text(peak), "valley": .text(valley)]))
        default:
            break
        }
    }

    /// A policy text of the tariff table in the reply language (Traditional derived from Simplified);
    /// nil when the table has no text in that language.
    func policyText(_ topic: String, language: Language) -> String? {
        guard let texts = tariffs.policies.first(where: { $0.topic == topic })?.text else { return nil }
        if let text = texts[language.rawValue] { return text }
        if language == .zhHant, let simplified = texts[Language.zhHans.rawValue] {
            return simplified.applyingTransform(StringTransform(rawValue: "Hans-Hant"), reverse: false) ?? simplified
        }
        return nil
    }

    static func summary(of ticket: AssistantTicket) -> TicketSummary {
        let format = Date.ISO8601FormatStyle()
        let window = ticket.visitFrom.flatMap { from in ticket.visitTo.map { TicketSummary.Window(from: from.formatted(format), to: $0.formatted(format)) } }
        return TicketSummary(number: ticket.number, kind: ticket.kind.rawValue, visitWindow: window)
    }
}
