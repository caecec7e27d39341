import Foundation
import IntentEngine
import PayAssistCore
import Testing

/// The committed Intents/calibration.json is what `payassist intents eval --calibrate` computes
/// from the committed phrases, so a data change cannot ship with stale thresholds.
struct CalibrationTests {
    @Test("calibration.json matches a fresh calibration of Intents/")
    func calibrationIsCurrent() async throws {
        // Five trainings: on a thread of their own, so live servers in other suites keep answering.
        let fresh = try await BlockingWork.run { try IntentCalibrator.calibrate(intentsFolder: TestEngine.intentsFolder).calibration }
        let committed = TestEngine.shared.calibration
        #expect(fresh.temperature == committed.temperature)
        #expect(fresh.thresholds == committed.thresholds, "run `payassist intents eval --calibrate` after changing Intents/")
        for language in Language.allCases {
            let threshold = committed.threshold(for: language)
            #expect((0.1...0.9).contains(threshold))
        }
    }

    @Test("an in-scope score below what its intent needs is reported as out_of_scope, not confident")
    func belowThresholdIsOutOfScope() {
        let engine = TestEngine.shared
        for line in TestEngine.testSet {
            let result = engine.parse(line.text, language: line.language, reference: TestEngine.reference)
            if result.isConfident {
                #expect(result.intent.isInScope)
                #expect(result.inScopeScore >= engine.requiredScore(for: result.intent, language: result.language))
                #expect(result.inScopeScore >= result.confidence)
            } else {
                #expect(result.intent == .outOfScope)
                let candidate = result.alternatives.first { $0.intent.isInScope }?.intent ?? .payBill
                #expect(result.inScopeScore < engine.requiredScore(for: candidate, language: result.language))
                #expect(abs(result.confidence - (1 - result.inScopeScore)) < 1e-9)
            }
        }
    }

    @Test("greetings, yes, no, cancel, a human, a language and reminders need the threshold plus the strict margin; bill intents the threshold alone")
    func strictIntentsNeedAMargin() {
        let engine = TestEngine.shared
        for language in engine.languages {
            let threshold = engine.calibration.threshold(for: language)
            for intent in [IntentName.payBill, .queryBill, .queryUsage, .reportOutage, .tariffPolicy] {
                #expect(engine.requiredScore(for: intent, language: language) == threshold)
            }
            for intent in [IntentName.help, .transferToAgent, .changeLanguage, .confirm, .deny, .cancel, .setReminder, .cancelReminder] {
                let required = engine.requiredScore(for: intent, language: language)
                #expect(required > threshold && required <= max(threshold, 0.90), "\(intent) in \(language)")
            }
        }
    }

    @Test("a strict_intents.txt naming an unknown intent, out_of_scope or a margin over 0.5 is refused", arguments: [
        "0.15: help | pay_the_gas", "0.15: out_of_scope", "0.9: help", "much: help",
    ])
    func badStrictIntentsAreRefused(line: String) throws {
        let fileManager = FileManager.default
        let target = fileManager.temporaryDirectory.appendingPathComponent("payassist-strict-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: target) }
        try fileManager.copyItem(at: TestEngine.intentsFolder, to: target)
        try Data((line + "\n").utf8).write(to: target.appendingPathComponent("lexicon/strict_intents.txt"))
        #expect(throws: IntentEngineError.self) { try IntentEngine.load(from: target) }
    }

    @Test("a message torn between two in-scope intents counts half of the runner-up toward the threshold")
    func runnerUpCountsHalf() {
        for line in TestEngine.testSet {
            let result = TestEngine.shared.parse(line.text, language: line.language, reference: TestEngine.reference)
            guard result.isConfident, result.chosenHypothesis == nil else { continue }
            let outOfScope = result.alternatives.first { $0.intent == .outOfScope }?.confidence ?? 0
            let listedOthers = result.alternatives.filter { $0.intent.isInScope }.map(\.confidence).reduce(0, +)
            // The alternatives list the top three (Float probabilities: sums off by ~1e-7); the in-scope rest lies between what they show and all but out_of_scope.
            #expect(result.inScopeScore >= result.confidence + listedOthers / 2 - 1e-6)
            #expect(result.inScopeScore <= result.confidence + (1 - result.confidence - outOfScope) / 2 + 1e-6)
        }
    }
}
