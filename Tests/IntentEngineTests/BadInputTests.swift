import Foundation
import IntentEngine
import PayAssistCore
import Testing

/// Bad input gets a clear coded error or a safe out_of_scope, never a crash.
struct BadInputTests {
    let engine = TestEngine.shared

    @Test("empty and whitespace-only text is rejected by the checked parse", arguments: ["", "   ", "\n\t"])
    func emptyText(text: String) {
        #expect(throws: IntentEngineError.emptyText) { try engine.parseChecked(text) }
        #expect(engine.parse(text).intent == .outOfScope)
    }

    @Test("100 KB of text is too long for the checked parse and safe for the plain one")
    func hugeText() {
        let text = String(repeating: "交电费", count: 12_000)
        #expect(throws: IntentEngineError.textTooLong(limit: IntentEngine.maxTextBytes)) { try engine.parseChecked(text) }
        let result = engine.parse(text)
        #expect(engine.intents.contains(result.intent))
    }

    @Test("control characters are ignored")
    func controlCharacters() {
        #expect(engine.parse("交\u{0}\u{7}电\u{1B}费\u{7F}").intent == .payBill)
        #expect(engine.parse("\u{0}\u{1}\u{2}").intent == .outOfScope)
    }

    @Test("emoji-only text is a safe out_of_scope", arguments: ["😀😀😀", "👍", "⚡️💡"])
    func emojiOnly(text: String) {
        let result = engine.parse(text)
        #expect(result.intent == .outOfScope)
        #expect(!result.isConfident)
    }

    @Test("an unknown language tag is an invalid_language error", arguments: ["xx", "klingon", "123", "zz-ZZ"])
    func invalidLanguage(tag: String) {
        #expect(throws: IntentEngineError.invalidLanguage(tag, supported: engine.languages)) { try engine.parseChecked("交电费", languageTag: tag) }
    }

    @Test("hypothesis confidences outside 0...1 are rejected", arguments: [-0.1, 1.5, Double.nan, Double.infinity])
    func confidenceOutOfRange(confidence: Double) {
        #expect(throws: IntentEngineError.confidenceOutOfRange(index: 1)) {
            try engine.parse(hypotheses: [Hypothesis(text: "交电费", confidence: 0.5), Hypothesis(text: "叫电费", confidence: confidence)])
        }
    }

    @Test("hypotheses without text, and an empty list, are rejected")
    func hypothesesWithoutText() {
        #expect(throws: IntentEngineError.hypothesisWithoutText(index: 0)) { try engine.parse(hypotheses: [Hypothesis(text: " ", confidence: 0.9)]) }
        #expect(throws: IntentEngineError.noHypotheses) { try engine.parse(hypotheses: []) }
        let many = Array(repeating: Hypothesis(text: "交电费", confidence: 0.1), count: IntentEngine.maxHypotheses + 1)
        #expect(throws: IntentEngineError.tooManyHypotheses(limit: IntentEngine.maxHypotheses)) { try engine.parse(hypotheses: many) }
    }

    @Test("every error has a stable snake_case code and a message")
    func errorCodes() {
        let errors: [IntentEngineError] = [.emptyText, .textTooLong(limit: 1), .invalidLanguage("x", supported: [.en]), .confidenceOutOfRange(index: 0),
                                           .hypothesisWithoutText(index: 0), .noHypotheses, .tooManyHypotheses(limit: 1), .invalidData("x")]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors {
            #expect(error.code.allSatisfy { $0.isLowercase || $0 == "_" })
            #expect(!error.message.isEmpty)
        }
    }

    @Test("a missing Intents/ folder is an invalid_intent_data error")
    func missingFolder() {
        #expect(throws: IntentEngineError.self) { try IntentEngine.load(from: URL(fileURLWithPath: "/nonexistent/Intents")) }
    }
}
