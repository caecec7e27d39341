/// How a turn ended, for the turn record and the service-quality report.
public enum TurnOutcome: String, Sendable, Codable, CaseIterable {
    /// A question was answered from data.
    case answered
    /// The payment flow moved on (a slot was asked for or filled).
    case progressed
    /// The assistant read the payment back and asked for confirmation.
    case confirmationRequested = "confirmation_requested"
    /// A payment was charged.
    case paid
    /// A signed checkout link was issued.
    case linkIssued = "link_issued"
    /// The card was declined or the payment failed.
    case paymentFailed = "payment_failed"
    /// Something went wrong on our side (gateway down); nothing was charged.
    case failed
    /// The recognizer was not confident: nothing moved.
    case notUnderstood = "not_understood"
    /// The request is outside what the assistant does.
    case outOfScope = "out_of_scope"
    /// Refused by a rule (reading an unlinked account, an unknown account).
    case refused
    /// The same payment was asked for again within minutes.
    case repeated
    /// The customer canceled the flow.
    case canceled
    /// Handed to a human agent.
    case transferred
    /// A repair ticket was created.
    case ticketCreated = "ticket_created"

    /// Turns the report over-samples: they show where the service fails people.
    public var isNotable: Bool {
        switch self {
        case .paymentFailed, .failed, .notUnderstood, .repeated, .transferred, .refused: return true
        default: return false
        }
    }
}
