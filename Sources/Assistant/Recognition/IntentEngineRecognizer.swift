import Foundation
import Billing
import IntentEngine
import PayAssistCore

/// The intent engine as the assistant's recognizer.
///
/// One rule on top of the engine: when the assistant has just asked for an amount or an account and
/// the customer answers with only that ("两百", "1002345678", spoken digits), the engine alone sees
/// no intent in it; the answer is then read as `pay_bill` carrying the slot. Only a short answer
/// that is the asked-for value counts; anything else keeps the engine's verdict, so out-of-scope and
/// low-confidence turns still change nothing.
public struct IntentEngineRecognizer: IntentRecognizing {
    public let engine: IntentEngine
    /// Longest normalized text (characters) that counts as a bare answer.
    public var bareAnswerLimit = 14

    public init(engine: IntentEngine) { self.engine = engine }

    public func recognize(text: String?, hypotheses: [TranscriptHypothesis], language: Language?, awaiting: AwaitedSlot?) throws -> Recognition {
        let result: IntentResult
        let chosenText: String
        if hypotheses.isEmpty {
            chosenText = text ?? ""
            result = engine.parse(chosenText, language: language)
        } else {
            result = try engine.parse(hypotheses: hypotheses.map { Hypothesis(text: $0.text, confidence: $0.confidence) }, language: language)
            chosenText = result.chosenHypothesis.map { hypotheses[$0].text } ?? hypotheses[0].text
        }
        var recognition = Recognition(intent: AssistantIntent(rawValue: result.intent.rawValue) ?? .outOfScope, confidence: result.confidence,
                                      isConfident: result.isConfident && result.intent.isInScope, language: result.language,
                                      slots: IntentEngineRecognizer.slots(result.slots), text: chosenText)
        if let awaiting, awaiting != .confirmation, !recognition.isConfident || recognition.intent == .outOfScope,
           result.normalizedText.count <= bareAnswerLimit {
            if awaiting == .amount, let amount = engine.slotExtractor.amount(in: chosenText, language: result.language) {
                recognition = Recognition(intent: .payBill, confidence: result.alternatives.first { $0.intent == .payBill }?.confidence ?? 0,
                                          isConfident: true, language: result.language, slots: RecognizedSlots(amount: amount), text: chosenText)
            } else if awaiting == .account, let account = engine.slotExtractor.account(in: chosenText) {
                recognition = Recognition(intent: .payBill, confidence: result.alternatives.first { $0.intent == .payBill }?.confidence ?? 0,
                                          isConfident: true, language: result.language, slots: RecognizedSlots(account: account), text: chosenText)
            }
        }
        return recognition
    }

    static func slots(_ slots: Slots) -> RecognizedSlots {
        RecognizedSlots(amount: slots.amount, account: slots.account,
                        period: slots.period.map { Billing.YearMonth(year: $0.year, month: $0.month) },
                        language: slots.language, time: slots.time.flatMap { LocalTimeOfDay(hour: $0.hour, minute: $0.minute) })
    }
}
