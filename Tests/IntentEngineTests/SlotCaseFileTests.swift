import Foundation
import IntentEngine
import PayAssistCore
import Testing

/// Slot cases kept as data in Fixtures/intents/slot_cases.jsonl (amounts with 零 before the tenths,
/// a currency named before "元", 1万5千, space- and dot-grouped thousands, multiplier words, number
/// words in Russian, Spanish, German (glued compounds too), French and Korean, noon words on their own,
/// Japanese 晩, "150 not 100", a number said twice, digits read one by one, ages, grouped codes, what a
/// meter shows): each line's slot comes out exactly; "none" means the line states no such slot. Lines
/// with "via": "parse" go through the whole engine (a payment request's bare number).
struct SlotCaseFileTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let language: Language
        let slot: String
        let expected: String
        /// "parse": through the whole engine, where a short payment request's bare number is its amount.
        let via: String?
        var description: String { "\(text) → \(slot) \(expected)" }
    }

    static let cases: [Case] = {
        let file = ProjectLayout.folder("Fixtures", near: #filePath)!.appendingPathComponent("intents/slot_cases.jsonl")
        let text = try! String(contentsOf: file, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
            return Case(text: object["text"]!, language: Language(tag: object["lang"]!)!, slot: object["slot"]!, expected: object["expected"]!, via: object["via"])
        }
    }()

    @Test("every case in slot_cases.jsonl is extracted exactly", arguments: cases)
    func extracted(_ item: Case) {
        let slots = item.via == "parse" ? TestEngine.shared.parse(item.text, language: item.language, reference: TestEngine.reference).slots
            : TestEngine.shared.slotExtractor.extract(from: item.text, language: item.language, reference: TestEngine.reference)
        let actual: String?
        switch item.slot {
        case "amount": actual = slots.amount.map { "\($0.decimalString) \($0.currency.code)" }
        case "time": actual = slots.time?.description
        case "account": actual = slots.account
        case "period": actual = slots.period?.description
        case "language": actual = slots.language?.rawValue
        default: actual = nil
        }
        #expect((actual ?? "none") == item.expected, "\(item.text)")
    }

    @Test("number words stay words where no amount is stated", arguments: [("pagar una factura de luz", "es"), ("ich will eine Rechnung", "de"), ("이번 달 전기요금 알려 줘", "ko")])
    func numberWordsWithoutCurrency(text: String, tag: String) {
        let slots = TestEngine.shared.slotExtractor.extract(from: text, language: Language(tag: tag), reference: TestEngine.reference)
        #expect(slots.amount == nil)
    }

    @Test("a bare number word answers \"how much?\"")
    func bareNumberWordInAFollowUp() {
        #expect(TestEngine.shared.slotExtractor.amount(in: "двести", language: .ru) == Money(minorUnits: 20_000, currency: .cny))
    }
}
