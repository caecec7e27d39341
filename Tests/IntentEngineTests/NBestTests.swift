import IntentEngine
import PayAssistCore
import Testing

/// N-best hypotheses are combined by recognizer confidence and the chosen one is reported.
struct NBestTests {
    let engine = TestEngine.shared

    @Test("a confident in-scope hypothesis outweighs a noisy one and is chosen")
    func chosenHypothesis() throws {
        let result = try engine.parse(hypotheses: [
            Hypothesis(text: "我要叫店肥", confidence: 0.4),
            Hypothesis(text: "我要交电费", confidence: 0.6),
        ], reference: TestEngine.reference)
        #expect(result.intent == .payBill)
        #expect(result.chosenHypothesis == 1)
    }

    @Test("hypotheses that agree reinforce the intent")
    func agreement() throws {
        let single = engine.parse("家里停电了", reference: TestEngine.reference)
        let combined = try engine.parse(hypotheses: [
            Hypothesis(text: "家里停电了", confidence: 0.5),
            Hypothesis(text: "家里停点了", confidence: 0.5),
        ], reference: TestEngine.reference)
        #expect(combined.intent == .reportOutage)
        #expect(single.intent == .reportOutage)
    }

    @Test("slots come from the chosen hypothesis")
    func slotsFromChosen() throws {
        let result = try engine.parse(hypotheses: [
            Hypothesis(text: "交两百块电费", confidence: 0.9),
            Hypothesis(text: "交两百块店费", confidence: 0.1),
        ], reference: TestEngine.reference)
        #expect(result.chosenHypothesis == 0)
        #expect(result.slots.amount == Money(minorUnits: 20_000, currency: .cny))
    }

    @Test("a plain text parse reports no chosen hypothesis")
    func plainText() {
        #expect(engine.parse("交电费").chosenHypothesis == nil)
    }
}
