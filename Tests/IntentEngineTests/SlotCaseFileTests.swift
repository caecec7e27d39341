import Foundation
import IntentEngine
import PayAssistCore
import Testing

/// Slot cases kept as data in Fixtures/intents/slot_cases.jsonl (amounts with 零 before the tenths,
/// a currency named before "元", noon words on their own, Japanese 晩): each line's slot comes out exactly.
struct SlotCaseFileTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let language: Language
        let slot: String
        let expected: String
        var description: String { "\(text) → \(slot) \(expected)" }
    }

    static let cases: [Case] = {
        let file = ProjectLayout.folder("Fixtures", near: #filePath)!.appendingPathComponent("intents/slot_cases.jsonl")
        let text = try! String(contentsOf: file, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
            return Case(text: object["text"]!, language: Language(tag: object["lang"]!)!, slot: object["slot"]!, expected: object["expected"]!)
        }
    }()

    @Test("every case in slot_cases.jsonl is extracted exactly", arguments: cases)
    func extracted(_ item: Case) {
        let slots = TestEngine.shared.slotExtractor.extract(from: item.text, language: item.language, reference: TestEngine.reference)
        let actual: String?
        switch item.slot {
        case "amount": actual = slots.amount.map { "\($0.decimalString) \($0.currency.code)" }
        case "time": actual = slots.time?.description
        case "account": actual = slots.account
        case "period": actual = slots.period?.description
        case "language": actual = slots.language?.rawValue
        default: actual = nil
        }
        #expect(actual == item.expected, "\(item.text)")
    }
}
