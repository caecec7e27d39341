import Foundation
import PayAssistCore

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
