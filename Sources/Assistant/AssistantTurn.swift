import PayAssistCore

/// One customer turn as a channel sends it.
public struct AssistantTurn: Sendable {
    public var customerID: String
    public var channel: AssistantChannel
    /// The session to continue; nil starts a new one.
    public var sessionID: String?
    /// Typed text or a single transcript.
    public var text: String?
    /// The voice recognizer's n-best hypotheses.
    public var hypotheses: [TranscriptHypothesis]
    /// The language the front end believes the customer uses.
    public var language: Language?

    public init(customerID: String, channel: AssistantChannel, sessionID: String? = nil, text: String? = nil,
                hypotheses: [TranscriptHypothesis] = [], language: Language? = nil) {
        self.customerID = customerID
        self.channel = channel
        self.sessionID = sessionID
        self.text = text
        self.hypotheses = hypotheses
        self.language = language
    }
}
