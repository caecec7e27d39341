import Billing
import Foundation
import PayAssistCore

/// The dialogue state machine: from the state and one recognized turn to the next state and the
/// steps to carry out. A plain function of its inputs (data comes from `DialogueFacts`), so every
/// sequence of turns can be walked in a test.
///
/// Safety rules it guarantees:
/// - `.pay` is emitted only for a confident `confirm` turn while the draft awaits confirmation,
///   after the read-back of exactly the draft's account and amount (`.askConfirmation`), and after
///   a second confirmation when the amount is far above the account's usual bills;
/// - out-of-scope and low-confidence turns never change the draft;
/// - a payment for the same account by the same customer within the repeat window is refused.
public struct DialoguePolicy: Sendable {
    /// Amounts above this many times the usual bill (and above what is due) need a second confirmation.
    public var largeAmountFactor: Int64
    /// The most one payment may be (CNY minor units).
    public var maximumAmount: Money

    /// The rules with their limits (defaults: 3× the usual bill, 50,000 yuan).
    public init(largeAmountFactor: Int64 = 3, maximumAmount: Money = Money(minorUnits: 5_000_000, currency: .cny)) {
        self.largeAmountFactor = largeAmountFactor
        self.maximumAmount = maximumAmount
    }

    /// Decides one turn.
    ///
    /// - Parameters:
    ///   - state: the session's state before the turn.
    ///   - recognition: what the customer said.
    ///   - customerID: who is speaking.
    ///   - facts: the data the policy consults.
    ///   - newDraftID: the id for a payment flow started by this turn.
    public func decide(state: DialogueState, recognition: Recognition, customerID: String, facts: any DialogueFacts,
                       newDraftID: @autoclosure () -> String) throws -> DialogueDecision {
        var next = state
        var steps: [DialogueStep] = []
        let intent = recognition.intent
        let slots = recognition.slots

        // Not sure what was said, or not our business: nothing moves; the question is asked again.
        guard recognition.isConfident, intent != .outOfScope else {
            let outOfScope = intent == .outOfScope && recognition.isConfident
            steps.append(.say(ReplyMessage(outOfScope ? "out_of_scope" : "not_understood")))
            if state.draft != nil { steps.append(contentsOf: resumePrompt(state)) }
            return DialogueDecision(state: next, steps: steps, outcome: outOfScope ? .outOfScope : .notUnderstood)
        }

        guard var draft = state.draft else {
            // No payment in progress.
            switch intent {
            case .payBill:
                var fresh = PaymentDraft(id: newDraftID())
                apply(slots, to: &fresh)
                return try advance(fresh, state: next, prefix: [], customerID: customerID, facts: facts)
            case .confirm:
                if let last = state.lastPayment {
                    steps.append(.say(ReplyMessage("repeat_refused", ["amount": .money(last.amount), "account": .account(last.account), "time": .instant(last.paidAt)])))
                    return DialogueDecision(state: next, steps: steps, outcome: .repeated)
                }
                steps.append(.say(ReplyMessage("nothing_to_confirm")))
                return DialogueDecision(state: next, steps: steps, outcome: .answered)
            case .deny, .cancel:
                steps.append(.say(ReplyMessage("nothing_to_cancel")))
                return DialogueDecision(state: next, steps: steps, outcome: .answered)
            case .changeLanguage:
                return changeLanguage(&next, slots: slots, resume: false)
            default:
                steps.append(.answer(intent, slots))
                return DialogueDecision(state: next, steps: steps, outcome: outcome(forAnswer: intent))
            }
        }

        switch intent {
        case .cancel:
            next.draft = nil
            steps.append(.say(ReplyMessage("payment_canceled")))
            return DialogueDecision(state: next, steps: steps, outcome: .canceled)

        case .confirm:
            if slots.changesPayment && corrects(draft, with: slots) {
                apply(slots, to: &draft)
                return try advance(draft, state: next, prefix: [], customerID: customerID, facts: facts)
            }
            switch draft.awaiting {
            case .confirmation:
                guard draft.readBackGiven else {
                    // The read-back never reached the customer (a quote failed): read it back now.
                    draft.confirmations = 0
                    draft.readBackGiven = true
                    next.draft = draft
                    steps.append(.askConfirmation)
                    return DialogueDecision(state: next, steps: steps, outcome: .confirmationRequested)
                }
                draft.confirmations += 1
                if draft.confirmations >= draft.confirmationsRequired {
                    next.draft = draft
                    steps.append(.pay(draft))
                    return DialogueDecision(state: next, steps: steps, outcome: .paid)
                }
                next.draft = draft
                steps.append(.say(ReplyMessage("confirm_again_large", ["amount": .money(draft.amount!)], keyNumbers: [.money(draft.amount!)])))
                return DialogueDecision(state: next, steps: steps, outcome: .confirmationRequested)
            case .amount:
                if draft.amount == nil, let offered = draft.offeredAmount { draft.amount = offered }
                return try advance(draft, state: next, prefix: [], customerID: customerID, facts: facts)
            case .account:
                if draft.account == nil, draft.offeredAccounts.count == 1 { draft.account = draft.offeredAccounts[0] }
                return try advance(draft, state: next, prefix: [], customerID: customerID, facts: facts)
            }

        case .deny:
            if slots.changesPayment {
                apply(slots, to: &draft)
                return try advance(draft, state: next, prefix: [], customerID: customerID, facts: facts)
            }
            if draft.awaiting == .confirmation || draft.awaiting == .amount {
                // "No" to the read-back or to the offered amount: nothing is paid; ask for the right amount.
                draft.amount = nil
                draft.offeredAmount = nil
                draft.confirmations = 0
                draft.quote = nil
                draft.readBackGiven = false
                draft.awaiting = .amount
                next.draft = draft
                steps.append(.say(ReplyMessage("ask_amount_after_deny")))
                return DialogueDecision(state: next, steps: steps, outcome: .progressed)
            }
            draft.offeredAccounts = []
            next.draft = draft
            steps.append(.say(ReplyMessage("ask_account_number")))
            return DialogueDecision(state: next, steps: steps, outcome: .progressed)

        case .payBill:
            apply(slots, to: &draft)
            return try advance(draft, state: next, prefix: [], customerID: customerID, facts: facts)

        case .transferToAgent:
            next.draft = nil
            steps.append(.answer(intent, slots))
            return DialogueDecision(state: next, steps: steps, outcome: .transferred)

        case .changeLanguage:
            return changeLanguage(&next, slots: slots, resume: true)

        default:
            // Another question in the middle of paying: answer it, then ask the pending question again.
            steps.append(.answer(intent, slots))
            steps.append(contentsOf: resumePrompt(state))
            return DialogueDecision(state: next, steps: steps, outcome: outcome(forAnswer: intent))
        }
    }

    /// The state after a payment of `draft` succeeded (or a checkout link for it was issued).
    public func completed(_ state: DialogueState, draft: PaymentDraft, reference: String, at instant: Date, paid: Bool) -> DialogueState {
        var next = state
        next.draft = nil
        if paid, let account = draft.account, let amount = draft.amount {
            next.lastPayment = CompletedPaymentNote(account: account, amount: amount, reference: reference, paidAt: instant)
        }
        return next
    }

    // MARK: Steps of the payment flow

    private func outcome(forAnswer intent: AssistantIntent) -> TurnOutcome {
        switch intent {
        case .transferToAgent: return .transferred
        case .reportOutage: return .ticketCreated
        default: return .answered
        }
    }

    private func changeLanguage(_ state: inout DialogueState, slots: RecognizedSlots, resume: Bool) -> DialogueDecision {
        var steps: [DialogueStep] = []
        if let language = slots.language {
            state.language = language
            state.languageChosenByCustomer = true
            steps.append(.say(ReplyMessage("language_changed")))
        } else {
            steps.append(.say(ReplyMessage("ask_language")))
        }
        if resume { steps.append(contentsOf: resumePrompt(state)) }
        return DialogueDecision(state: state, steps: steps, outcome: .answered)
    }

    /// True when the slots name a different account or amount than the draft has.
    private func corrects(_ draft: PaymentDraft, with slots: RecognizedSlots) -> Bool {
        (slots.account != nil && slots.account != draft.account) || (slots.amount != nil && slots.amount != draft.amount)
    }

    /// Puts an utterance's account and amount into the draft; any change needs a new read-back.
    private func apply(_ slots: RecognizedSlots, to draft: inout PaymentDraft) {
        var changed = false
        if let account = slots.account, account != draft.account { draft.account = account; changed = true }
        if let amount = slots.amount, amount != draft.amount { draft.amount = amount; changed = true }
        if changed {
            draft.confirmations = 0
            draft.quote = nil
            draft.readBackGiven = false
        }
    }

    /// The question the draft is waiting for, asked again after a detour.
    private func resumePrompt(_ state: DialogueState) -> [DialogueStep] {
        guard let draft = state.draft else { return [] }
        switch draft.awaiting {
        case .account:
            return [.say(ReplyMessage(draft.offeredAccounts.isEmpty ? "ask_account_number" : "ask_account_choice",
                                      ["accounts": .text(draft.offeredAccounts.map { "…" + $0.suffix(4) }.joined(separator: ", "))]))]
        case .amount:
            if let account = draft.account, let offered = draft.offeredAmount {
                return [.say(ReplyMessage("ask_amount", ["account": .account(account), "due": .money(offered)]))]
            }
            return [.say(ReplyMessage("ask_amount_after_deny"))]
        case .confirmation:
            return [.askConfirmation]
        }
    }

    /// Moves the draft to its next question, or to the read-back when it is complete.
    private func advance(_ input: PaymentDraft, state: DialogueState, prefix: [DialogueStep], customerID: String, facts: any DialogueFacts) throws -> DialogueDecision {
        var draft = input
        var next = state
        var steps = prefix

        // 1. Which account?
        if let number = draft.account {
            guard ElectricityAccount.isValidNumber(number), try facts.account(number: number) != nil else {
                draft.account = nil
                draft.awaiting = .account
                draft.offeredAccounts = []
                next.draft = draft
                steps.append(.say(ReplyMessage("account_not_found", ["account": .text(String(number.prefix(20)))])))
                return DialogueDecision(state: next, steps: steps, outcome: .refused)
            }
            if let recent = try facts.recentPayment(customerID: customerID, accountNumber: number) {
                next.draft = nil
                steps.append(.say(ReplyMessage("repeat_refused", ["amount": .money(recent.amount), "account": .account(number), "time": .instant(recent.paidAt)])))
                return DialogueDecision(state: next, steps: steps, outcome: .repeated)
            }
        } else {
            let linked = try facts.linkedAccounts(customerID: customerID).map(\.number)
            if linked.count == 1 {
                draft.account = linked[0]
                return try advance(draft, state: state, prefix: steps, customerID: customerID, facts: facts)
            }
            draft.awaiting = .account
            draft.offeredAccounts = linked
            next.draft = draft
            steps.append(.say(ReplyMessage(linked.isEmpty ? "ask_account_number" : "ask_account_choice",
                                           ["accounts": .text(linked.map { "…" + $0.suffix(4) }.joined(separator: ", "))])))
            return DialogueDecision(state: next, steps: steps, outcome: .progressed)
        }
        let account = draft.account!

        // 2. How much?
        guard let amount = draft.amount else {
            let due = try facts.amountDue(accountNumber: account)
            draft.awaiting = .amount
            draft.offeredAmount = due.minorUnits > 0 ? due : nil
            next.draft = draft
            steps.append(.say(due.minorUnits > 0
                ? ReplyMessage("ask_amount", ["account": .account(account), "due": .money(due)], keyNumbers: [.money(due)])
                : ReplyMessage("ask_amount_nothing_due", ["account": .account(account)])))
            return DialogueDecision(state: next, steps: steps, outcome: .progressed)
        }
        guard amount.currency == .cny, amount.minorUnits > 0, amount.minorUnits <= maximumAmount.minorUnits else {
            draft.amount = nil
            draft.awaiting = .amount
            next.draft = draft
            let key = amount.currency != .cny ? "amount_in_yuan" : (amount.minorUnits <= 0 ? "amount_not_positive" : "amount_too_large")
            steps.append(.say(ReplyMessage(key, ["maximum": .money(maximumAmount)])))
            return DialogueDecision(state: next, steps: steps, outcome: .progressed)
        }

        // 3. Read back and ask to confirm; far above the usual bills needs a second yes.
        let due = try facts.amountDue(accountNumber: account)
        let usual = try facts.usualBill(accountNumber: account)
        let threshold = max(due.minorUnits, (usual?.minorUnits ?? 0) * largeAmountFactor)
        draft.confirmationsRequired = usual != nil && amount.minorUnits > threshold ? 2 : 1
        draft.confirmations = 0
        draft.awaiting = .confirmation
        draft.readBackGiven = true
        next.draft = draft
        steps.append(.askConfirmation)
        return DialogueDecision(state: next, steps: steps, outcome: .confirmationRequested)
    }
}
