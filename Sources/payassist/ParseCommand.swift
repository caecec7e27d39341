import Foundation
import IntentEngine
import PayAssistCore

/// `payassist parse`: JSON lines in (`{"text", "lang", "hypotheses"}`), one JSON result line out per input line.
///
/// The output shape is a contract used by tools outside the repository: keep it stable.
enum ParseCommand: Subcommand {
    static let name = "parse"
    static let summary = "Read utterances as JSON lines on stdin; write intent, confidence, language and slots as JSON lines."
    static let flags: [Flag] = [
        Flag("intents", help: "The Intents/ data folder.", env: "PAYASSIST_INTENTS"),
        Flag("month", help: "Reference month for relative periods (YYYY-MM); the current month when absent."),
    ]
    static let details = """
    INPUT (one JSON object per line):
      {"text": "帮我交两百块电费", "lang": "zh-Hans"}
      {"hypotheses": [{"text": "交电费", "confidence": 0.8}, {"text": "叫点费", "confidence": 0.2}]}
    OUTPUT (one line per input line, in order):
      {"intent":"pay_bill","confidence":0.97,"lang":"zh-Hans","slots":{"amount":{"value":"200.00","currency":"CNY"}},"alternatives":[...]}
    A bad line gives {"error":{"code":"...","message":"..."}} and the run goes on.
    """

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let engine = try loadEngine(arguments)
        let reference = try referenceMonth(arguments)
        while let line = readLine(strippingNewline: true) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            print(IntentJSONLines.respond(to: line, engine: engine, reference: reference))
        }
        return 0
    }

    /// The Intents/ folder: --intents (or PAYASSIST_INTENTS), else the checkout's.
    static func intentsFolder(_ arguments: ParsedArguments) throws -> URL {
        if let path = arguments.string("intents") { return URL(fileURLWithPath: path, isDirectory: true) }
        if let found = ProjectLayout.folder("Intents") { return found }
        throw UsageError(description: "no Intents/ folder found; pass --intents PATH")
    }

    /// Loads the engine from --intents or the checkout's Intents/ folder; says on stderr when the
    /// model file could not be used and start-up trained instead.
    static func loadEngine(_ arguments: ParsedArguments) throws -> IntentEngine {
        let engine = try IntentEngine.load(from: intentsFolder(arguments))
        if case .trainedWithoutModelFile = engine.modelOrigin {
            FileHandle.standardError.write(Data("payassist: intent model \(engine.modelOrigin)\n".utf8))
        }
        return engine
    }

    /// The --month flag as a month, nil when absent.
    static func referenceMonth(_ arguments: ParsedArguments) throws -> YearMonth? {
        guard let text = arguments.string("month") else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
            throw UsageError(description: "--month must be YYYY-MM, got \(text)")
        }
        return YearMonth(year: year, month: month)
    }
}
