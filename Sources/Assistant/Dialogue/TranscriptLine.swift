/// One line of the conversation, kept for a hand-off to an agent.
public struct TranscriptLine: Sendable, Codable, Equatable {
    /// "customer" or "assistant".
    public let speaker: String
    public let text: String
    public let intent: String?
}
