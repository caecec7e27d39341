import Foundation
@testable import IntentEngine
import PayAssistCore
import Testing

/// Adding an intent or a language is a data change: a copy of Intents/ with the files of
/// Fixtures/intents/extension/ appended learns the new intent and the new language, with no code.
@Suite(.serialized)
struct IntentExtensionTests {
    static let extensionFolder = ProjectLayout.folder("Fixtures", near: #filePath)!.appendingPathComponent("intents/extension")

    /// A temporary copy of Intents/ with every file of `overlay` appended (or added when new).
    static func copyOfIntents(overlay: URL?) throws -> URL {
        let fileManager = FileManager.default
        let target = fileManager.temporaryDirectory.appendingPathComponent("payassist-intents-\(UUID().uuidString)")
        try fileManager.copyItem(at: TestEngine.intentsFolder, to: target)
        guard let overlay else { return target }
        for case let file as URL in fileManager.enumerator(at: overlay, includingPropertiesForKeys: nil)! where file.pathExtension == "txt" {
            let relative = String(file.standardizedFileURL.path.dropFirst(overlay.standardizedFileURL.path.count + 1))
            let destination = target.appendingPathComponent(relative)
            try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            let existing = (try? String(contentsOf: destination, encoding: .utf8)).map { $0.hasSuffix("\n") || $0.isEmpty ? $0 : $0 + "\n" } ?? ""
            try (existing + String(contentsOf: file, encoding: .utf8)).write(to: destination, atomically: true, encoding: .utf8)
        }
        return target
    }

    /// The engine trained on Intents/ plus the extension.
    static let extended: IntentEngine = {
        let folder = try! copyOfIntents(overlay: extensionFolder)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try! IntentEngine.load(from: folder, clock: ManualClock(Date(timeIntervalSince1970: 1_781_000_000)))
    }()

    /// The extended engine, trained (once) on a thread of its own, not on the cooperative pool.
    static func engine() async throws -> IntentEngine {
        try await BlockingWork.run { IntentExtensionTests.extended }
    }

    /// One line of the extension's test.jsonl.
    struct Line: Sendable, CustomStringConvertible {
        let text: String
        let language: String?
        let expectedLanguage: String?
        let intent: String
        /// Expected amount ("50.00 EUR") and language slot, when the line states them.
        let amount: String?
        let languageSlot: String?

        var description: String { text }

        static func all() throws -> [Line] {
            let text = try String(contentsOf: extensionFolder.appendingPathComponent("test.jsonl"), encoding: .utf8)
            return text.split(whereSeparator: \.isNewline).map { row in
                let object = try! JSONSerialization.jsonObject(with: Data(row.utf8)) as! [String: Any]
                let slots = object["slots"] as? [String: Any] ?? [:]
                let amount = (slots["amount"] as? [String: String]).map { "\($0["value"]!) \($0["currency"]!)" }
                return Line(text: object["text"] as! String, language: object["lang"] as? String, expectedLanguage: object["expect_lang"] as? String,
                            intent: object["intent"] as! String, amount: amount, languageSlot: slots["language"] as? String)
            }
        }
    }

    @Test("the new intent and the new language are learned from the data alone")
    func learnsTheNewIntentAndLanguage() async throws {
        let engine = try await IntentExtensionTests.engine()
        #expect(engine.intents == IntentName.standard + [IntentName(rawValue: "request_invoice")!])
        #expect(engine.languages == Language.allCases + [Language(rawValue: "it")!])
        // The committed model file was built from other data: start-up trains instead of reading it.
        #expect(engine.modelOrigin == .trainedWithoutModelFile(IntentModelFile.Problem.stale.description))
    }

    @Test("every extension test line gets its intent, language and slots", arguments: try! Line.all())
    func extensionTestLine(line: Line) async throws {
        let engine = try await IntentExtensionTests.engine()
        let result = try engine.parseChecked(line.text, languageTag: line.language, reference: TestEngine.reference)
        #expect(result.intent.rawValue == line.intent)
        if let expected = line.expectedLanguage ?? line.language {
            #expect(result.language.rawValue == expected)
        }
        if let amount = line.amount {
            #expect(result.slots.amount.map { "\($0.decimalString) \($0.currency.code)" } == amount)
        }
        if let language = line.languageSlot {
            #expect(result.slots.language?.rawValue == language)
        }
    }

    @Test("no extension test line is a training phrase")
    func testLinesAreHeldOut() async throws {
        let engine = try await IntentExtensionTests.engine()
        let training = Set(engine.trainingPhrases.map { engine.normalize($0.text) })
        for line in try Line.all() {
            let isTrainingPhrase = training.contains(engine.normalize(line.text))
            #expect(!isTrainingPhrase, "\(line.text)")
        }
    }

    @Test("a regional tag finds the added language, and the standard engine names what it supports")
    func regionalTagOfAnAddedLanguage() async throws {
        #expect(try await IntentExtensionTests.engine().language(fromTag: "it-IT")?.rawValue == "it")
        let standard = TestEngine.shared
        #expect(throws: IntentEngineError.invalidLanguage("it-IT", supported: standard.languages)) { try standard.language(fromTag: "it-IT") }
    }

    @Test("a phrase file or folder with a malformed name is an invalid_intent_data error naming it", arguments: [
        "phrases/en/Pay-Bill.txt", "phrases/english/pay_bill.txt", "patterns/it.txt",
    ])
    func malformedNames(path: String) throws {
        let folder = try IntentExtensionTests.copyOfIntents(overlay: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "pay_bill: pagare\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try IntentEngine.load(from: folder)
            Issue.record("loaded \(path)")
        } catch let error as IntentEngineError {
            #expect(error.code == "invalid_intent_data")
            #expect(error.message.contains(path.split(separator: "/").dropFirst().first.map(String.init) ?? path), "\(error.message)")
        }
    }

    @Test("a pattern for an intent with no phrases is refused")
    func patternWithoutPhrases() throws {
        let folder = try IntentExtensionTests.copyOfIntents(overlay: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("patterns/en.txt")
        try (String(contentsOf: file, encoding: .utf8) + "\nrequest_refund: give me my money back\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: IntentEngineError.self) { try IntentEngine.load(from: folder) }
    }
}
