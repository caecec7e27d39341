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

/// JSON shape of an amount: integer minor units, ISO 4217 code and the decimal string.
public struct AmountBody: Sendable, Encodable, Equatable {
    public let amount: Int64
    public let currency: String
    public let value: String

    public init(_ money: Money) {
        amount = money.minorUnits
        currency = money.currency.code
        value = money.decimalString
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

/// A quick-reply button: what it shows and the text it sends back.
public struct QuickReply: Sendable, Encodable, Equatable {
    public let label: String
    public let text: String
}

/// A typed action for the front end.
public enum AssistantAction: Sendable, Encodable, Equatable {
    /// Opens a screen: the app URL (`payassist://pay?...`) and the same screen on the web.
    case deepLink(appURL: String, webURL: String, label: String, expiresAt: Date)
    /// A gateway payment and where it stands.
    case payment(PaymentSummary)
    /// Buttons for chat.
    case quickReplies([QuickReply])
    /// A repair ticket or hand-off record.
    case ticket(TicketSummary)

    /// The action's type name in JSON.
    public var type: String {
        switch self {
        case .deepLink: return "deep_link"
        case .payment: return "payment"
        case .quickReplies: return "quick_replies"
        case .ticket: return "ticket"
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, label, options, payment, number, kind
        case appURL = "app_url", webURL = "web_url", expiresAt = "expires_at", visitWindow = "visit_window"
        case id, status, amount, payerTotal = "payer_total", fee, rate, card, nextAction = "next_action", error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .deepLink(let appURL, let webURL, let label, let expiresAt):
            try container.encode(appURL, forKey: .appURL)
            try container.encode(webURL, forKey: .webURL)
            try container.encode(label, forKey: .label)
            try container.encode(Int64(expiresAt.timeIntervalSince1970), forKey: .expiresAt)
        case .payment(let payment):
            try container.encode(payment.id, forKey: .id)
            try container.encode(payment.status, forKey: .status)
            try container.encode(payment.amount, forKey: .amount)
            try container.encodeIfPresent(payment.payerTotal, forKey: .payerTotal)
            try container.encodeIfPresent(payment.fee, forKey: .fee)
            try container.encodeIfPresent(payment.rate, forKey: .rate)
            try container.encode(payment.card, forKey: .card)
            try container.encode(payment.nextAction, forKey: .nextAction)
            try container.encodeIfPresent(payment.error, forKey: .error)
        case .quickReplies(let options):
            try container.encode(options, forKey: .options)
        case .ticket(let ticket):
            try container.encode(ticket.number, forKey: .number)
            try container.encode(ticket.kind, forKey: .kind)
            try container.encodeIfPresent(ticket.visitWindow, forKey: .visitWindow)
        }
    }
}

/// What the front end is told about a gateway payment.
public struct PaymentSummary: Sendable, Equatable {
    public struct Card: Sendable, Encodable, Equatable {
        public let network: String
        public let last4: String
    }

    public struct NextStep: Sendable, Encodable, Equatable {
        public let type: String
        public let url: String
    }

    public struct Failure: Sendable, Encodable, Equatable {
        public let code: String
        public let declineCode: String?
        public let message: String

        enum CodingKeys: String, CodingKey {
            case code, message
            case declineCode = "decline_code"
        }
    }

    public let id: String
    public let status: String
    public let amount: AmountBody
    public let payerTotal: AmountBody?
    public let fee: AmountBody?
    public let rate: String?
    public let card: Card
    public let nextAction: NextStep?
    public let error: Failure?
}

/// What the front end is told about a ticket.
public struct TicketSummary: Sendable, Equatable {
    public struct Window: Sendable, Encodable, Equatable {
        /// ISO 8601 instants.
        public let from: String
        public let to: String
    }

    public let number: String
    public let kind: String
    public let visitWindow: Window?
}
