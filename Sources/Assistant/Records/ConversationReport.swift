import Foundation

/// The conversation-quality report: a stratified sample by intent and channel that over-samples
/// notable turns, and the phrasings the engine most often did not understand.
public struct ConversationReport: Sendable, Encodable {
    /// One (intent, channel) stratum.
    public struct Stratum: Sendable, Encodable {
        public let intent: String
        public let channel: String
        public let turns: Int
        public let notableTurns: Int
        public let sample: [TurnRecord]

        enum CodingKeys: String, CodingKey {
            case intent, channel, turns, sample
            case notableTurns = "notable_turns"
        }
    }

    /// A phrasing the engine did not understand, and how often it came.
    public struct Phrasing: Sendable, Encodable {
        public let text: String
        public let count: Int
    }

    public let totalTurns: Int
    public let notableTurns: Int
    /// Turns per outcome.
    public let outcomes: [String: Int]
    public let perStratum: Int
    public let strata: [Stratum]
    public let notUnderstood: [Phrasing]

    enum CodingKeys: String, CodingKey {
        case outcomes, strata
        case totalTurns = "total_turns", notableTurns = "notable_turns", perStratum = "per_stratum", notUnderstood = "not_understood"
    }
}
