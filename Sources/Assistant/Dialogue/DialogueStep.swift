/// One thing the assistant does in a turn, in order. The policy decides them; `Assistant` carries
/// them out (answers from data, quotes, charges, links) and renders the reply.
public enum DialogueStep: Sendable, Equatable {
    /// Say a sentence from the reply catalog.
    case say(ReplyMessage)
    /// Answer a question from data (bill, usage, tariff, ticket, reminder...).
    case answer(AssistantIntent, RecognizedSlots)
    /// Read the draft back (masked holder, account, amount, card-currency quote) and ask to confirm.
    case askConfirmation
    /// The customer confirmed enough times: pay this draft now (saved card or checkout link).
    case pay(PaymentDraft)
}

/// What the policy decided for one turn: the next state, the steps and the outcome so far.
public struct DialogueDecision: Sendable, Equatable {
    public var state: DialogueState
    public var steps: [DialogueStep]
    public var outcome: TurnOutcome
}
