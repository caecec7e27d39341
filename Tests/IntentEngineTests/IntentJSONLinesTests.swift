import Foundation
import IntentEngine
import PayAssistCore
import Testing

/// The `payassist parse` JSON-lines contract used by tooling outside the repository.
struct IntentJSONLinesTests {
    func respond(_ line: String) -> [String: Any] {
        let output = IntentJSONLines.respond(to: line, engine: TestEngine.shared, reference: TestEngine.reference)
        #expect(!output.contains("\n"))
        return try! JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
    }

    @Test("a text line gives intent, confidence, language, slots with decimal amounts, and alternatives")
    func textLine() {
        let output = IntentJSONLines.respond(to: #"{"text": "户号1002345678交一百二十块五电费"}"#, engine: TestEngine.shared, reference: TestEngine.reference)
        #expect(output.hasPrefix(#"{"intent":"pay_bill","confidence":"#))
        let object = respond(#"{"text": "户号1002345678交一百二十块五电费"}"#)
        #expect(object["lang"] as? String == "zh-Hans")
        let slots = object["slots"] as! [String: Any]
        #expect(slots["account"] as? String == "1002345678")
        #expect(slots["amount"] as? [String: String] == ["value": "120.50", "currency": "CNY"])
        #expect((object["alternatives"] as? [[String: Any]])?.count == 3)
        #expect(object["chosen_hypothesis"] == nil)
    }

    @Test("amounts use the currency's minor digits", arguments: [
        (#"{"text": "電気代を5000円払います", "lang": "ja"}"#, "5000", "JPY"),
        (#"{"text": "pay $50 for the electric bill"}"#, "50.00", "USD"),
    ])
    func amountFormat(line: String, value: String, currency: String) {
        let slots = respond(line)["slots"] as! [String: Any]
        #expect(slots["amount"] as? [String: String] == ["value": value, "currency": currency])
    }

    @Test("an n-best line reports the chosen hypothesis")
    func hypothesesLine() {
        let object = respond(#"{"hypotheses": [{"text": "我要叫店肥", "confidence": 0.3}, {"text": "我要交电费", "confidence": 0.7}]}"#)
        #expect(object["intent"] as? String == "pay_bill")
        #expect(object["chosen_hypothesis"] as? Int == 1)
    }

    @Test("a bad line gives an error object with a stable code", arguments: [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        (#"{}"#, "no_hypotheses"),
        (#"{"text": ""}"#, "empty_text"),
        (#"{"text": 42}"#, "invalid_text"),
        (#"{"text": "交电费", "lang": "xx"}"#, "invalid_language"),
        (#"{"text": "交电费", "lang": 5}"#, "invalid_language"),
        (#"{"hypotheses": "交电费"}"#, "invalid_hypotheses"),
        (#"{"hypotheses": [{"text": "交电费", "confidence": 1.5}]}"#, "confidence_out_of_range"),
        (#"{"hypotheses": [{"confidence": 0.5}]}"#, "hypothesis_without_text"),
        (#"{"hypotheses": []}"#, "no_hypotheses"),
    ])
    func badLine(line: String, code: String) {
        let error = respond(line)["error"] as? [String: String]
        #expect(error?["code"] == code)
        let message = error?["message"] ?? ""
        #expect(!message.isEmpty)
    }

    @Test("a 100 KB line is refused as too long")
    func hugeLine() throws {
        let line = String(data: try JSONSerialization.data(withJSONObject: ["text": String(repeating: "电", count: 40_000)]), encoding: .utf8)!
        #expect((respond(line)["error"] as? [String: String])?["code"] == "text_too_long")
    }

    @Test("strings are escaped so every output stays one valid JSON line")
    func escaping() {
        #expect(JSONText.quote("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
        #expect(JSONText.number(0.97) == "0.97")
        #expect(JSONText.number(1) == "1")
    }
}
