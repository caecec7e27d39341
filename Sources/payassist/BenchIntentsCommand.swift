import Foundation
import IntentEngine
import PayAssistCore

/// `payassist bench intents`: start-up time (reading the model file, and training instead) and
/// per-utterance latency of the intent engine on one core.
///
/// Parses every line of the labelled test set (Fixtures/intents/test.jsonl by default) in rounds on
/// the calling thread and reports the median and p99 of single-utterance times plus utterances/s.
enum BenchIntentsCommand: Subcommand {
    static let name = "bench intents"
    static let summary = "Measure intent engine start-up, median/p99 µs per utterance and utterances/s on one core."
    static let flags: [Flag] = [
        Flag("intents", help: "The Intents/ data folder.", env: "PAYASSIST_INTENTS"),
        Flag("file", help: "JSON lines with \"text\" to parse (default Fixtures/intents/test.jsonl)."),
        Flag("rounds", help: "How many times to parse the whole file.", default: "20"),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let started = DispatchTime.now().uptimeNanoseconds
        let engine = try ParseCommand.loadEngine(arguments)
        let startup = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // What start-up costs when the model file is out of date and the engine trains instead.
        let trainingStarted = DispatchTime.now().uptimeNanoseconds
        _ = try IntentEngine.load(from: ParseCommand.intentsFolder(arguments), useModelFile: false)
        let training = Double(DispatchTime.now().uptimeNanoseconds - trainingStarted) / 1e9
        let path = arguments.string("file") ?? ProjectLayout.folder("Fixtures")?.appendingPathComponent("intents/test.jsonl").path ?? ""
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError(description: "cannot read \(path); pass --file")
        }
        let utterances = text.split(whereSeparator: \.isNewline).compactMap { line -> (String, Language?)? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let text = object["text"] as? String else { return nil }
            return (text, (object["lang"] as? String).flatMap(Language.init(tag:)))
        }
        guard !utterances.isEmpty else { throw UsageError(description: "\(path) has no lines with \"text\"") }
        let rounds = try arguments.int("rounds", in: 1...10_000) ?? 20
        let reference = YearMonth(year: 2026, month: 6)
        // Warm-up round: first-touch page faults of the weight table are not steady-state latency.
        for (utterance, _) in utterances { _ = engine.parse(utterance, reference: reference) }
        var samples: [Double] = []
        samples.reserveCapacity(rounds * utterances.count)
        var sink = 0
        let total = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            for (utterance, _) in utterances {
                let begin = DispatchTime.now().uptimeNanoseconds
                let result = engine.parse(utterance, reference: reference)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - begin) / 1000)
                sink &+= result.intent.rawValue.count
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - total) / 1e9
        samples.sort()
        let median = samples[samples.count / 2]
        let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
        print(String(format: "start-up: %.3f s (model %@)", startup, engine.modelOrigin.description))
        print(String(format: "start-up that trains instead (load Intents/ + train, as when the model file is out of date): %.3f s", training))
        print("utterances: \(utterances.count) x \(rounds) rounds, language detected (no lang given), one thread")
        print(String(format: "median %.1f µs, p99 %.1f µs, max %.1f µs per utterance", median, p99, samples.last ?? 0))
        print(String(format: "throughput: %.0f utterances/s on one core", Double(samples.count) / elapsed))
        if sink == -1 { print(sink) }
        return 0
    }
}
