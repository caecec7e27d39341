import Foundation
import IntentEngine
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct IntentEngineRecognizerTests {
    var recognizer: IntentEngineRecognizer { IntentEngineRecognizer(engine: ConversationScriptTests.engine) }

    init() async throws { _ = try await ConversationScriptTests.trainedEngine() }

    @Test(arguments: [("两百", Int64(20_000)), ("两百块", 20_000), ("120块5", 12_050), ("150", 15_000)])
    func aBareAmountAnswersTheAmountQuestion(text: String, minorUnits: Int64) throws {
        let recognition = try recognizer.recognize(text: text, hypotheses: [], language: nil, awaiting: .amount)
        #expect(recognition.intent == .payBill)
        #expect(recognition.isConfident)
        #expect(recognition.slots.amount?.minorUnits == minorUnits)
    }

    @Test(arguments: ["1002345678", "幺零零二三四五六七八", "1002 3456 78"])
    func aBareAccountAnswersTheAccountQuestion(text: String) throws {
        let recognition = try recognizer.recognize(text: text, hypotheses: [], language: nil, awaiting: .account)
        #expect(recognition.intent == .payBill)
        #expect(recognition.slots.account == "1002345678")
    }

    @Test(arguments: ["帮我交水费两百", "充话费100"], [AwaitedSlot.amount, .confirmation])
    func anotherBillsAmountIsNotAnAnswerToTheAmountQuestionOrTheReadBack(text: String, asked: AwaitedSlot) throws {
        let recognition = try recognizer.recognize(text: text, hypotheses: [], language: nil, awaiting: asked)
        #expect(recognition.intent != .payBill || recognition.slots.amount == nil)
    }

    @Test(arguments: [("两百", Int64(20_000)), ("五十", 5_000), ("1000", 100_000)])
    func aMessageThatIsOnlyAnAmountAsksToPayIt(text: String, minorUnits: Int64) throws {
        // Writers of blind sets label a lone "五十" pay_bill with 50 CNY; the payment is still read
        // back and waits for a confirmation like every other.
        let recognition = try recognizer.recognize(text: text, hypotheses: [], language: nil, awaiting: nil)
        #expect(recognition.intent == .payBill)
        #expect(recognition.slots.amount?.minorUnits == minorUnits)
    }

    @Test(arguments: ["0", "1 2 3", "2026-11-28"])
    func aNumberThatCannotBeMoneyIsNotAPayment(text: String) throws {
        let recognition = try recognizer.recognize(text: text, hypotheses: [], language: nil, awaiting: nil)
        #expect(recognition.intent != .payBill || recognition.slots.amount == nil)
    }

    @Test func nBestHypothesesReportTheChosenText() throws {
        let recognition = try recognizer.recognize(text: nil, hypotheses: [TranscriptHypothesis(text: "我要交点费", confidence: 0.8),
                                                                            TranscriptHypothesis(text: "我要叫点费", confidence: 0.3)], language: nil, awaiting: nil)
        #expect(recognition.intent == .payBill)
        #expect(recognition.text == "我要交点费")
    }

    @Test func aClearlyOutOfScopeRequestIsConfidentlyOutOfScope() throws {
        let recognition = try recognizer.recognize(text: "帮我交水费", hypotheses: [], language: nil, awaiting: nil)
        #expect(recognition.intent == .outOfScope)
        #expect(recognition.isConfident)
    }
}

@Suite struct CorrectionRecognitionTests {
    init() async throws { _ = try await ConversationScriptTests.trainedEngine() }

    @Test(arguments: [("不对，是两百", Int64(20_000)), ("no, 200 yuan", 20_000), ("不是，一百五", 15_000), ("no, 150 not 100", 15_000)])
    func aCorrectionAtTheReadBackCarriesTheNewAmount(text: String, minorUnits: Int64) throws {
        let recognition = try IntentEngineRecognizer(engine: ConversationScriptTests.engine).recognize(text: text, hypotheses: [], language: nil, awaiting: .confirmation)
        // "No, 200" reads as a refusal or as a payment request; DialoguePolicy applies the new amount
        // and reads it back either way.
        #expect([AssistantIntent.deny, .payBill].contains(recognition.intent))
        #expect(recognition.slots.amount?.minorUnits == minorUnits)
    }
}
