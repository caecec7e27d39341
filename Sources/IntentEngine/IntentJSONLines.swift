import Foundation
import PayAssistCore

/// The JSON-lines contract of `payassist parse`, kept in the library so it is tested and can be
/// reused: one input object `{"text", "lang", "hypotheses": [{"text", "confidence"}]}` per line, one
/// output object per line (a result, or `{"error": {"code", "message"}}`), keys in a fixed order.
///
/// Tooling outside the repository reads this shape: keep it stable.
public enum IntentJSONLines {
    /// The output line for one input line (a result or an error object).
    public static func respond(to line: String, engine: IntentEngine, reference: YearMonth?) -> String {
        do {
            guard let data = line.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw SimpleError(.invalidInput, code: "invalid_json", message: "The line is not valid JSON.")
            }
            guard let fields = object as? [String: Any] else {
                throw SimpleError(.invalidInput, code: "invalid_json", message: "The line must be a JSON object.")
            }
            var languageTag: String?
            if let raw = fields["lang"], !(raw is NSNull) {
                guard let tag = raw as? String else { throw SimpleError(.invalidInput, code: "invalid_language", message: "\"lang\" must be a string.") }
                languageTag = tag
            }
            let language = try engine.language(fromTag: languageTag)
            let result: IntentResult
            if let rawHypotheses = fields["hypotheses"], !(rawHypotheses is NSNull) {
                guard let list = rawHypotheses as? [Any] else {
                    throw SimpleError(.invalidInput, code: "invalid_hypotheses", message: "\"hypotheses\" must be an array of {\"text\", \"confidence\"}.")
                }
                var hypotheses: [Hypothesis] = []
                for (index, item) in list.enumerated() {
                    guard let entry = item as? [String: Any] else { throw IntentEngineError.hypothesisWithoutText(index: index) }
                    guard let text = entry["text"] as? String else { throw IntentEngineError.hypothesisWithoutText(index: index) }
                    var confidence: Double?
                    if let raw = entry["confidence"], !(raw is NSNull) {
                        guard !(raw is String), let number = raw as? Double else {
                            throw IntentEngineError.confidenceOutOfRange(index: index)
                        }
                        confidence = number
                    }
                    hypotheses.append(Hypothesis(text: text, confidence: confidence))
                }
                result = try engine.parse(hypotheses: hypotheses, language: language, reference: reference)
            } else if let raw = fields["text"], !(raw is NSNull) {
                guard let text = raw as? String else { throw SimpleError(.invalidInput, code: "invalid_text", message: "\"text\" must be a string.") }
                try IntentEngine.validate(text)
                result = engine.parse(text, language: language, reference: reference)
            } else {
                throw IntentEngineError.noHypotheses
            }
            return encode(result)
        } catch let error as CodedError {
            return "{\"error\":{\"code\":\(JSONText.quote(error.code)),\"message\":\(JSONText.quote(error.message))}}"
        } catch {
            return "{\"error\":{\"code\":\"internal\",\"message\":\(JSONText.quote(String(describing: error)))}}"
        }
    }

    /// The result as one JSON line with a fixed key order.
    public static func encode(_ result: IntentResult) -> String {
        var slots: [String] = []
        if let amount = result.slots.amount {
            slots.append("\"amount\":{\"value\":\(JSONText.quote(amount.decimalString)),\"currency\":\(JSONText.quote(amount.currency.code))}")
        }
        if let account = result.slots.account { slots.append("\"account\":\(JSONText.quote(account))") }
        if let period = result.slots.period { slots.append("\"period\":\(JSONText.quote(period.description))") }
        if let language = result.slots.language { slots.append("\"language\":\(JSONText.quote(language.rawValue))") }
        if let time = result.slots.time { slots.append("\"time\":\(JSONText.quote(time.description))") }
        let alternatives = result.alternatives.map { "{\"intent\":\(JSONText.quote($0.intent.rawValue)),\"confidence\":\(JSONText.number($0.confidence))}" }
        var text = "{\"intent\":\(JSONText.quote(result.intent.rawValue)),\"confidence\":\(JSONText.number(result.confidence)),\"lang\":\(JSONText.quote(result.language.rawValue))"
        text += ",\"slots\":{\(slots.joined(separator: ","))},\"alternatives\":[\(alternatives.joined(separator: ","))]"
        if let chosen = result.chosenHypothesis { text += ",\"chosen_hypothesis\":\(chosen)" }
        text += ",\"confident\":\(result.isConfident),\"normalized\":\(JSONText.quote(result.normalizedText))}"
        return text
    }

}

/// Small helpers to write JSON text with a fixed key order.
public enum JSONText {
    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// A probability with at most 4 decimals.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
