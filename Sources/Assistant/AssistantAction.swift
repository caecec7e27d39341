import Foundation

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
