import Foundation
import PayAssistCore

/// One recorded turn, for service-quality work.
public struct TurnRecord: Sendable, Equatable, Encodable {
    public let id: Int64
    public let sessionID: String
    public let customerID: String
    public let channel: AssistantChannel
    public let language: Language
    /// What the customer said or typed (the chosen hypothesis on voice).
    public let text: String
    public let intent: AssistantIntent
    public let confidence: Double
    /// True when the recognizer was not sure enough to act.
    public let lowConfidence: Bool
    /// The action types sent back ("payment", "deep_link", ...), comma-separated.
    public let actions: String
    public let outcome: TurnOutcome
    /// Time spent handling the turn, microseconds.
    public let latencyMicroseconds: Int64
    public let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, channel, language, text, intent, confidence, actions, outcome
        case sessionID = "session_id", customerID = "customer_id", lowConfidence = "low_confidence"
        case latencyMicroseconds = "latency_us", createdAt = "created_at"
    }
}
