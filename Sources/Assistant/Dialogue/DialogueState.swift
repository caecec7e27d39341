import Foundation
import PayAssistCore

/// What the assistant waits for in a payment flow.
public enum AwaitedSlot: String, Sendable, Codable, Equatable {
    case account
    case amount
    case confirmation
}

/// A payment being put together over several turns. It is charged only after enough explicit
/// confirmation turns for exactly these values.
public struct PaymentDraft: Sendable, Codable, Equatable {
    /// Random id of this flow: the basis of the gateway idempotency key, so retries charge once.
    public var id: String
    /// The 10-digit account to pay.
    public var account: String?
    /// The amount to pay, CNY.
    public var amount: Money?
    /// What the assistant asked for last.
    public var awaiting: AwaitedSlot
    /// Accounts offered as choices (linked accounts).
    public var offeredAccounts: [String]
    /// The amount offered (the amount due), taken when the customer just says yes.
    public var offeredAmount: Money?
    /// Confirmation turns received for the current account and amount.
    public var confirmations: Int
    /// Confirmation turns needed: 2 when the amount is far above the account's usual bills.
    public var confirmationsRequired: Int
    /// The card-currency quote read back for a foreign card, if any.
    public var quote: QuoteNote?
    /// True once the current account and amount were read back to the customer; a confirmation
    /// counts only then (a failed quote leaves it false, so "yes" reads back again instead of paying).
    public var readBackGiven: Bool

    public init(id: String) {
        self.id = id
        awaiting = .account
        offeredAccounts = []
        confirmations = 0
        confirmationsRequired = 1
        readBackGiven = false
    }
}

/// The part of a gateway quote the assistant reads back and pays with.
public struct QuoteNote: Sendable, Codable, Equatable {
    public let id: String
    /// What the card is charged in its own currency (payer amount + fee).
    public let payerTotal: Money
    /// The conversion fee included in `payerTotal`.
    public let fee: Money
    /// Payer currency units per yuan, exact decimal string.
    public let rate: String
    /// Unix seconds after which the quote cannot be used.
    public let expiresAt: Int64

    public init(id: String, payerTotal: Money, fee: Money, rate: String, expiresAt: Int64) {
        self.id = id
        self.payerTotal = payerTotal
        self.fee = fee
        self.rate = rate
        self.expiresAt = expiresAt
    }
}

/// A payment finished in this session, so a repeated "yes" or "pay" is recognized as a repeat.
public struct CompletedPaymentNote: Sendable, Codable, Equatable {
    public let account: String
    public let amount: Money
    /// The gateway payment id.
    public let reference: String
    public let paidAt: Date
}

/// One line of the conversation, kept for a hand-off to an agent.
public struct TranscriptLine: Sendable, Codable, Equatable {
    /// "customer" or "assistant".
    public let speaker: String
    public let text: String
    public let intent: String?
}

/// Everything the assistant remembers about one conversation; persisted per session as JSON.
public struct DialogueState: Sendable, Codable, Equatable {
    /// The language replies use now.
    public var language: Language
    /// True once the customer asked for a language: it then wins over detection.
    public var languageChosenByCustomer: Bool
    /// The payment being put together, if any.
    public var draft: PaymentDraft?
    /// The last payment made in this session.
    public var lastPayment: CompletedPaymentNote?
    /// Turns handled so far.
    public var turnCount: Int
    /// The conversation so far (bounded), for hand-offs.
    public var transcript: [TranscriptLine]

    /// How many transcript lines are kept.
    public static let transcriptLimit = 40

    public init(language: Language) {
        self.language = language
        languageChosenByCustomer = false
        turnCount = 0
        transcript = []
    }

    /// Appends a transcript line, dropping the oldest past the limit.
    public mutating func remember(speaker: String, text: String, intent: String? = nil) {
        transcript.append(TranscriptLine(speaker: speaker, text: String(text.prefix(500)), intent: intent))
        if transcript.count > DialogueState.transcriptLimit { transcript.removeFirst(transcript.count - DialogueState.transcriptLimit) }
    }
}
