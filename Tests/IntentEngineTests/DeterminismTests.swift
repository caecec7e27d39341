import IntentEngine
import PayAssistCore
import Testing

/// The same data and input always give the same output: training uses a fixed seed and stable orderings.
struct DeterminismTests {
    @Test("an engine trained from Intents/ answers exactly like the one read from the model file")
    func trainingIsDeterministic() throws {
        let other = try IntentEngine.load(from: TestEngine.intentsFolder, useModelFile: false)
        for line in TestEngine.testSet.prefix(80) {
            let first = TestEngine.shared.parse(line.text, language: line.language, reference: TestEngine.reference)
            let second = other.parse(line.text, language: line.language, reference: TestEngine.reference)
            #expect(first.intent == second.intent)
            #expect(first.confidence == second.confidence)
            #expect(first.slots == second.slots)
        }
    }

    @Test("parsing the same text twice gives the same result")
    func parsingIsPure() {
        let first = TestEngine.shared.parse("帮我缴一下这个月的电费", reference: TestEngine.reference)
        let second = TestEngine.shared.parse("帮我缴一下这个月的电费", reference: TestEngine.reference)
        #expect(first.intent == second.intent && first.confidence == second.confidence && first.slots == second.slots)
        #expect(first.slots.period == TestEngine.reference)
    }

    @Test("confidences are probabilities and alternatives are sorted")
    func calibratedShape() {
        for line in TestEngine.testSet.prefix(50) {
            let result = TestEngine.shared.parse(line.text, reference: TestEngine.reference)
            #expect((0...1).contains(result.confidence))
            let values = result.alternatives.map(\.confidence)
            #expect(values == values.sorted(by: >))
        }
    }
}
