/// One speech-recognizer hypothesis: a transcript and the recognizer's confidence (0...1).
public struct TranscriptHypothesis: Sendable, Equatable, Codable {
    public var text: String
    public var confidence: Double?

    public init(text: String, confidence: Double? = nil) {
        self.text = text
        self.confidence = confidence
    }
}
