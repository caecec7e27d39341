import Foundation
import IntentEngine
import PayAssistCore

/// `payassist intents build-model`: trains on Intents/ and writes Intents/generated/model.bin, which
/// start-up reads instead of training. Run it after changing phrases, lexicons or generated tables,
/// and commit the file with the data.
enum IntentsBuildModelCommand: Subcommand {
    static let name = "intents build-model"
    static let summary = "Train on Intents/ and write Intents/generated/model.bin, which start-up reads instead of training."
    static let flags: [Flag] = [
        Flag("intents", help: "The Intents/ data folder.", env: "PAYASSIST_INTENTS"),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let folder = try ParseCommand.intentsFolder(arguments)
        let started = Date()
        let engine = try IntentEngine.load(from: folder, useModelFile: false)
        let trained = Date().timeIntervalSince(started)
        let written = try engine.writeModel(into: folder)
        print(String(format: "trained on %d phrases in %.2f s; wrote %@ (%d bytes)", engine.trainingPhrases.count, trained, written.url.path, written.bytes))
        return 0
    }
}
