import Foundation
import IntentEngine
import PayAssistCore

/// The engine every test shares: trained once per test process from the repository's Intents/.
enum TestEngine {
    /// The month relative periods resolve against in tests.
    static let reference = YearMonth(year: 2026, month: 6)

    /// The Intents/ folder of this checkout.
    static let intentsFolder: URL = ProjectLayout.folder("Intents", near: #filePath)!

    /// The shared engine; its clock is fixed in June 2026 (Shanghai time).
    static let shared: IntentEngine = {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_781_000_000))   // 2026-06-09
        return try! IntentEngine.load(from: intentsFolder, clock: clock)
    }()

    /// One labelled line of a file in Fixtures/intents/ (`language` is nil where the line leaves
    /// the language to detection).
    struct LabelledLine: Sendable {
        let text: String
        let language: Language?
        let intent: IntentName
        let noise: String?
        let slots: [String: String]
    }

    /// The labelled test set, never used for training.
    static let testSet: [LabelledLine] = lines(of: "test.jsonl")

    /// The second test set, written after the data had been tuned on the first.
    static let holdoutSet: [LabelledLine] = lines(of: "holdout.jsonl")

    /// The third test set, written last and evaluated once, never used to change the data.
    static let secondHoldoutSet: [LabelledLine] = lines(of: "holdout2.jsonl")

    /// The held-out sets written blind by writers who never saw the phrases or any engine output
    /// (holdout3.jsonl onwards; each one's first run is in the README, after which holdout4-9 were
    /// used for error analysis), by file name.
    static let blindHoldoutSets: [(name: String, lines: [LabelledLine])] =
        labelledFiles { $0.hasPrefix("holdout") && $0 != "holdout.jsonl" && $0 != "holdout2.jsonl" }.map { ($0, lines(of: $0)) }

    /// The development set written alongside holdout3 and used for error analysis (dev3.jsonl).
    static let developmentSet: [LabelledLine] = lines(of: "dev3.jsonl")

    /// The per-language and later development sets (dev4-<lang>.jsonl, dev5- to dev10-), used for error analysis.
    static let perLanguageDevelopmentSets: [LabelledLine] =
        labelledFiles { $0.hasPrefix("dev") && $0 != "dev3.jsonl" }.flatMap { lines(of: $0) }

    /// Every labelled file in Fixtures/intents/: none of them may be trained on.
    static var allLabelledLines: [LabelledLine] { testSet + holdoutSet + secondHoldoutSet + blindHoldoutSets.flatMap(\.lines) + developmentSet + perLanguageDevelopmentSets }

    /// The names of the .jsonl files in Fixtures/intents/ that `include` accepts, sorted.
    static func labelledFiles(_ include: (String) -> Bool) -> [String] {
        let folder = ProjectLayout.folder("Fixtures", near: #filePath)!.appendingPathComponent("intents")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") && include($0) }.sorted()
    }

    /// The labelled lines of a file in Fixtures/intents/.
    static func lines(of name: String) -> [LabelledLine] {
        let file = ProjectLayout.folder("Fixtures", near: #filePath)!.appendingPathComponent("intents/" + name)
        let text = try! String(contentsOf: file, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            var slots: [String: String] = [:]
            for (name, value) in (object["slots"] as? [String: Any]) ?? [:] {
                if let amount = value as? [String: Any] {
                    slots[name] = "\(amount["value"]!) \(amount["currency"]!)"
                } else {
                    slots[name] = "\(value)"
                }
            }
            return LabelledLine(
                text: object["text"] as! String, language: (object["lang"] as? String).map { Language(tag: $0)! },
                intent: IntentName(rawValue: object["intent"] as! String)!, noise: object["noise"] as? String, slots: slots)
        }
    }
}
