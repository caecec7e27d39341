import Foundation
import Billing
import IntentEngine
import PayAssistCore

/// The intent engine as the assistant's recognizer.
///
/// One rule on top of the engine: when the assistant has just asked for an amount or an account and
/// the customer answers with only that ("两百", "1002345678", spoken digits), the engine alone sees
/// no intent in it (or, from the digits alone, a bill question); the answer is then read as `pay_bill`
/// carrying the slot. Only a short answer that is the asked-for value counts; anything else keeps the
/// engine's verdict, so out-of-scope and low-confidence turns still change nothing.
public struct IntentEngineRecognizer: IntentRecognizing {
    public let engine: IntentEngine

    /// The languages of Intents/ (the reply languages first, then any added in data).
    public var languages: [Language] { engine.languages }
    /// Longest normalized text (characters) that counts as a bare answer.
    public var bareAnswerLimit = 14
    /// Probability of out_of_scope above which the request is declined as out of scope rather than "not understood".
    public var outOfScopeConfidence = 0.5

    /// Wraps a trained engine.
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
        // The engine flags only in-scope intents as confident; an utterance it rejects with a clear
        // majority is confidently out of scope (declined politely), otherwise it was not understood.
        let confident = result.intent.isInScope ? result.isConfident : result.confidence >= outOfScopeConfidence
        var recognition = Recognition(intent: result.intent, confidence: result.confidence,
                                      isConfident: confident, language: result.language,
                                      slots: IntentEngineRecognizer.slots(result.slots), text: chosenText)
        // At the read-back, a reply that names an amount ("no, 150 not 100": deny 0.54, pay_bill 0.42)
        // is an answer even when the engine, torn between two intents, is not sure enough: when it was
        // not understood (rather than confidently out of scope) and its best in-scope intent is deny,
        // confirm or pay_bill. The amount it names is read back again before anything is paid.
        if awaiting == .confirmation || awaiting == .amount, result.intent == .outOfScope, !recognition.isConfident,
           let best = result.alternatives.first(where: { $0.intent.isInScope }), IntentEngineRecognizer.readBackReplies.contains(best.intent),
           engine.slotExtractor.account(in: chosenText) == nil, engine.slotExtractor.amount(in: chosenText, language: result.language) != nil {
            recognition = Recognition(intent: best.intent, confidence: best.confidence, isConfident: true, language: result.language,
                                      slots: IntentEngineRecognizer.slots(result.slots), text: chosenText)
        }
        // A correction at the read-back names the new amount without a currency ("不对，是两百"): read the
        // number as the amount; the new value is always read back before anything is paid.
        if awaiting == .confirmation || awaiting == .amount, recognition.isConfident,
           [.deny, .confirm, .payBill].contains(recognition.intent), recognition.slots.amount == nil, recognition.slots.account == nil,
           engine.slotExtractor.account(in: chosenText) == nil, let amount = engine.slotExtractor.amount(in: chosenText, language: result.language) {
            recognition.slots.amount = amount
        }
        // A bare value has no intent of its own: whatever the engine makes of "1002 3456 78" (a bill
        // question, say), right after the question it is the answer.
        if let awaiting, awaiting != .confirmation,
           result.normalizedText.count <= bareAnswerLimit, IntentEngineRecognizer.isBareValue(chosenText) {
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

    /// The intents a reply to a read-back or to "how much?" has when it names an amount.
    static let readBackReplies: Set<AssistantIntent> = [.deny, .confirm, .payBill]

    /// Characters a bare spoken or typed value is made of: digits, Chinese numerals (幺 and 洞 for
    /// spoken digits), currency words and signs, separators and fillers.
    static let valueCharacters = Set("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万点幺洞拐块元钱圆毛角分整人民币¥￥.,，。、 -嗯啊呃那个就是吧呢哦yuanrmbcnyYUANRMBCNY")

    /// True when the text is only a value (an amount or digits), with at most two other characters
    /// ("两百块", "1002345678", "幺零零二..."), so that "交水费两百" is not taken for an amount.
    static func isBareValue(_ text: String) -> Bool {
        text.filter { !valueCharacters.contains($0) }.count <= 2
    }

    static func slots(_ slots: Slots) -> RecognizedSlots {
        RecognizedSlots(amount: slots.amount, account: slots.account,
                        period: slots.period.map { Billing.YearMonth(year: $0.year, month: $0.month) },
                        language: slots.language, time: slots.time)
    }
}
