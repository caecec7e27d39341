/// A quick-reply button: what it shows and the text it sends back.
public struct QuickReply: Sendable, Encodable, Equatable {
    public let label: String
    public let text: String
}
