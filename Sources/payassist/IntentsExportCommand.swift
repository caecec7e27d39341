import Foundation
import IntentEngine
import PayAssistCore

/// `payassist intents export`: every training phrase (after expansion) as a JSON line.
enum IntentsExportCommand: Subcommand {
    static let name = "intents export"
    static let summary = "Write every training phrase of Intents/ as JSON lines {\"lang\", \"text\", \"intent\"}."
    static let flags: [Flag] = [
        Flag("intents", help: "The Intents/ data folder.", env: "PAYASSIST_INTENTS"),
        Flag("generated-tables", help: "Instead, regenerate Intents/generated/ from ICU: pinyin, Traditional-to-Simplified and accent tables, and number words of every language (after adding a language, run this).", boolean: true),
        Flag("chinese-tables", help: "The older name of --generated-tables.", boolean: true),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments.bool("generated-tables") || arguments.bool("chinese-tables") {
            let folder = try ParseCommand.intentsFolder(arguments)
            let target = folder.appendingPathComponent("generated", isDirectory: true)
            try IntentEngine.writeChineseTables(to: target)
            try IntentEngine.writeNumberWords(for: IntentEngine.load(from: folder).languages, to: target)
            print("wrote \(target.path)")
            return 0
        }
        let engine = try ParseCommand.loadEngine(arguments)
        for phrase in engine.trainingPhrases {
            print("{\"lang\":\(JSONText.quote(phrase.language.rawValue)),\"text\":\(JSONText.quote(phrase.text)),\"intent\":\(JSONText.quote(phrase.intent.rawValue))}")
        }
        return 0
    }
}
