/// One speech-recognizer hypothesis: a transcript and the recognizer's confidence in it (0...1).
public struct Hypothesis: Sendable, Hashable, Codable {
    /// The transcript.
    public var text: String
    /// The recognizer's confidence, 0...1; nil counts as 1.
    public var confidence: Double?

    /// Creates a hypothesis.
    public init(text: String, confidence: Double? = nil) {
        self.text = text
        self.confidence = confidence
    }
}
