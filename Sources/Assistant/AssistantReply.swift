import Billing
import Foundation
import PayAssistCore

/// The assistant's answer to one turn, in the shape `POST /v1/assist` returns.
public struct AssistantReply: Sendable, Encodable {
    /// The intent as recognized, with its confidence.
    public struct IntentSummary: Sendable, Encodable, Equatable {
        public let name: String
        public let confidence: Double
    }

    public let sessionID: String
    /// The turn number in the session, 1 first.
    public let turn: Int
    public let intent: IntentSummary
    /// The language of the reply.
    public let language: Language
    public let slots: RecognizedSlots
    public let reply: RenderedReply
    public let actions: [AssistantAction]
    /// What the assistant waits for next, nil when nothing.
    public let awaiting: AwaitedSlot?
    /// How the turn ended (also recorded).
    public let outcome: TurnOutcome

    enum CodingKeys: String, CodingKey {
        case turn, intent, slots, reply, actions, awaiting, outcome
        case sessionID = "session_id", language = "lang"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(turn, forKey: .turn)
        try container.encode(intent, forKey: .intent)
        try container.encode(language, forKey: .language)
        try container.encode(SlotsBody(slots), forKey: .slots)
        try container.encode(reply, forKey: .reply)
        try container.encode(actions, forKey: .actions)
        try container.encode(awaiting, forKey: .awaiting) // null when nothing is awaited
        try container.encode(outcome, forKey: .outcome)
    }
}

/// JSON shape of recognized slots (absent slots are left out).
struct SlotsBody: Encodable {
    let amount: AmountBody?
    let account: String?
    let period: String?
    let language: String?
    let time: String?

    init(_ slots: RecognizedSlots) {
        amount = slots.amount.map(AmountBody.init)
        account = slots.account
        period = slots.period?.description
        language = slots.language?.rawValue
        time = slots.time?.description
    }
}
