/// Where a turn comes from: the voice front end (speech transcripts) or the chat channel.
public enum AssistantChannel: String, Sendable, Codable, CaseIterable {
    case voice
    case chat
}
