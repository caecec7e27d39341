import Foundation
import IntentEngine
import PayAssistCore

/// `payassist intents export`: every training phrase (after expansion) as a JSON line.
enum IntentsExportCommand: Subcommand {
    static let name = "intents export"
    static let summary = "Write every training phrase of Intents/ as JSON lines {\"lang\", \"text\", \"intent\"}."
    static let flags: [Flag] = [
        Flag("intents", help: "The Intents/ data folder.", env: "PAYASSIST_INTENTS"),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let engine = try ParseCommand.loadEngine(arguments)
        for phrase in engine.trainingPhrases {
            print("{\"lang\":\(JSONText.quote(phrase.language.rawValue)),\"text\":\(JSONText.quote(phrase.text)),\"intent\":\(JSONText.quote(phrase.intent.rawValue))}")
        }
        return 0
    }
}
