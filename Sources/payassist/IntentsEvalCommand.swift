import Foundation
import IntentEngine
import PayAssistCore

/// `payassist intents eval FILE.jsonl`: accuracy of the intent engine on a labelled file.
///
/// Lines carry `text`, optional `lang`, `intent`, optional `accept` (every intent counted correct),
/// optional `slots` and optional `noise` (a group name such as "asr", reported separately).
enum IntentsEvalCommand: Subcommand {
    static let name = "intents eval"
    static let summary = "Evaluate intent recognition on a labelled JSON-lines file (accuracy, confusions, out-of-scope, slots)."
    static let flags: [Flag] = [
        Flag("intents", help: "The Intents/ data folder.", env: "PAYASSIST_INTENTS"),
        Flag("month", help: "Reference month for relative periods in expected slots (YYYY-MM).", default: "2026-06"),
        Flag("errors", help: "Print up to this many misclassified lines.", default: "0"),
        Flag("calibrate", help: "Instead of evaluating, fit temperature and thresholds on a validation split of Intents/ and write Intents/calibration.json.", boolean: true),
    ]
    static let details = "ARGUMENTS: FILE.jsonl (one or more), lines {\"text\", \"lang\"?, \"intent\", \"accept\"?, \"slots\"?, \"noise\"?}"

    /// One labelled line.
    struct Row {
        let text: String
        let language: Language?
        let intent: IntentName
        let accept: Set<IntentName>
        let slots: [String: Any]?
        let group: String
    }

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments.bool("calibrate") {
            return try calibrate(arguments)
        }
        guard !arguments.positionals.isEmpty else { throw UsageError(description: "give at least one FILE.jsonl") }
        let started = Date()
        let engine = try ParseCommand.loadEngine(arguments)
        print(String(format: "start-up: %.2f s (model %@)", Date().timeIntervalSince(started), engine.modelOrigin.description))
        let reference = try ParseCommand.referenceMonth(arguments) ?? YearMonth(year: 2026, month: 6)
        let maxErrors = try arguments.int("errors", in: 0...100_000) ?? 0
        for path in arguments.positionals {
            let rows = try load(path, languages: engine.languages)
            print("\n== \(path): \(rows.count) lines")
            evaluate(rows, engine: engine, reference: reference, maxErrors: maxErrors)
        }
        return 0
    }

    static func calibrate(_ arguments: ParsedArguments) throws -> Int32 {
        let folder = try ParseCommand.intentsFolder(arguments)
        let (calibration, report) = try IntentCalibrator.calibrate(intentsFolder: folder)
        report.forEach { print($0) }
        print("temperature \(calibration.temperature)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(calibration)
        let file = folder.appendingPathComponent("calibration.json")
        try (data + Data("\n".utf8)).write(to: file, options: .atomic)
        print("wrote \(file.path)")
        return 0
    }

    static func load(_ path: String, languages: [Language]) throws -> [Row] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError(description: "cannot read \(path)")
        }
        var rows: [Row] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let utterance = object["text"] as? String,
                  let intentName = object["intent"] as? String, let intent = IntentName(rawValue: intentName) else {
                throw UsageError(description: "\(path):\(number + 1): needs \"text\" and an \"intent\" name")
            }
            var language: Language?
            if let tag = object["lang"] as? String {
                guard let parsed = Language(tag: tag, among: languages) else { throw UsageError(description: "\(path):\(number + 1): unknown lang \(tag)") }
                language = parsed
            }
            var accept: Set<IntentName> = [intent]
            if let list = object["accept"] as? [String] {
                accept = Set(list.compactMap(IntentName.init(rawValue:)))
                if accept.isEmpty { accept = [intent] }
            }
            let noise = object["noise"] as? String
            let group = (language?.rawValue ?? "auto") + (noise.map { " (\($0))" } ?? "")
            rows.append(Row(text: utterance, language: language, intent: intent, accept: accept, slots: object["slots"] as? [String: Any], group: group))
        }
        return rows
    }

    /// An expected slot value in the form the engine prints, so "120.5" matches "120.50",
    /// "8:00" matches "08:00", "2026-3" matches "2026-03" and "zh" matches "zh-Hans".
    static func canonical(slot name: String, _ expected: Any) -> String {
        switch name {
        case "amount":
            guard let object = expected as? [String: Any], let code = object["currency"] as? String, let currency = Currency(code: code) else { return "\(expected)" }
            let value = object["value"].map { "\($0)" } ?? ""
            if let money = Money(decimalString: value, currency: currency) { return "\(money.decimalString) \(currency.code)" }
            return "\(value) \(code)"
        case "time":
            let parts = "\(expected)".split(separator: ":")
            if parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), let time = TimeOfDay(hour: hour, minute: minute) { return time.description }
        case "period":
            let parts = "\(expected)".split(separator: "-")
            if parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) { return YearMonth(year: year, month: month).description }
        case "language":
            if let language = Language(tag: "\(expected)") { return language.rawValue }
        case "account":
            return "\(expected)".filter(\.isNumber)
        default:
            break
        }
        return "\(expected)"
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "-" : String(format: "%.1f%%", 100 * Double(part) / Double(whole))
    }

    static func evaluate(_ rows: [Row], engine: IntentEngine, reference: YearMonth, maxErrors: Int) {
        var correct = 0
        var byGroup: [String: (Int, Int)] = [:]
        var byIntent: [IntentName: (Int, Int)] = [:]
        var predictedCount: [IntentName: (Int, Int)] = [:]   // (correct, predicted)
        var confusions: [String: Int] = [:]
        var oosRows = 0, oosRejected = 0, oosPredicted = 0, oosPredictedCorrect = 0
        var slotTotals: [String: (Int, Int)] = [:]
        var errorsShown = 0
        for row in rows {
            let result = engine.parse(row.text, language: row.language, reference: reference)
            let ok = row.accept.contains(result.intent)
            if ok { correct += 1 }
            byGroup[row.group, default: (0, 0)].0 += ok ? 1 : 0
            byGroup[row.group, default: (0, 0)].1 += 1
            byIntent[row.intent, default: (0, 0)].0 += ok ? 1 : 0
            byIntent[row.intent, default: (0, 0)].1 += 1
            predictedCount[result.intent, default: (0, 0)].0 += ok ? 1 : 0
            predictedCount[result.intent, default: (0, 0)].1 += 1
            if !ok { confusions["\(row.intent.rawValue) -> \(result.intent.rawValue)", default: 0] += 1 }
            if row.intent == .outOfScope {
                oosRows += 1
                if ok { oosRejected += 1 }
            }
            if result.intent == .outOfScope {
                oosPredicted += 1
                if row.accept.contains(.outOfScope) { oosPredictedCorrect += 1 }
            }
            if let slots = row.slots {
                for (name, expected) in slots.sorted(by: { $0.key < $1.key }) {
                    let actual: String?
                    let wanted = canonical(slot: name, expected)
                    switch name {
                    case "amount": actual = result.slots.amount.map { "\($0.decimalString) \($0.currency.code)" }
                    case "account": actual = result.slots.account
                    case "period": actual = result.slots.period?.description
                    case "language": actual = result.slots.language?.rawValue
                    case "time": actual = result.slots.time?.description
                    default: actual = nil
                    }
                    slotTotals[name, default: (0, 0)].0 += actual == wanted ? 1 : 0
                    slotTotals[name, default: (0, 0)].1 += 1
                    if actual != wanted && errorsShown < maxErrors {
                        errorsShown += 1
                        print("  slot \(name): \(row.text) expected \(wanted) got \(actual ?? "nothing")")
                    }
                }
            }
            if !ok && errorsShown < maxErrors {
                errorsShown += 1
                print("  \(row.intent.rawValue) -> \(result.intent.rawValue) (\(String(format: "%.2f", result.confidence))): \(row.text)")
            }
        }
        print("intent accuracy: \(percent(correct, rows.count)) (\(correct)/\(rows.count))")
        print("by language:")
        for (group, counts) in byGroup.sorted(by: { $0.key < $1.key }) {
            print("  \(group.padding(toLength: 18, withPad: " ", startingAt: 0)) \(percent(counts.0, counts.1)) (\(counts.0)/\(counts.1))")
        }
        print("by intent (recall; precision of predictions):")
        for intent in Set(byIntent.keys).sorted() {
            guard let counts = byIntent[intent] else { continue }
            let predicted = predictedCount[intent] ?? (0, 0)
            print("  \(intent.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) recall \(percent(counts.0, counts.1)) (\(counts.0)/\(counts.1)); precision \(percent(predicted.0, predicted.1))")
        }
        print("out_of_scope: recall \(percent(oosRejected, oosRows)) (\(oosRejected) of \(oosRows) out-of-scope lines rejected); precision \(percent(oosPredictedCorrect, oosPredicted)) (\(oosPredictedCorrect) of \(oosPredicted) out_of_scope answers right)")
        let top = confusions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
        if !top.isEmpty {
            print("most frequent confusions:")
            for (pair, count) in top { print("  \(count)  \(pair)") }
        }
        if !slotTotals.isEmpty {
            print("slot accuracy (exact):")
            for (name, counts) in slotTotals.sorted(by: { $0.key < $1.key }) {
                print("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(percent(counts.0, counts.1)) (\(counts.0)/\(counts.1))")
            }
        }
    }
}
