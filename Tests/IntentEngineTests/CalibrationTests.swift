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

    @Test("an in-scope score below the language's threshold is reported as out_of_scope, not confident")
    func belowThresholdIsOutOfScope() {
        for line in TestEngine.testSet {
            let result = TestEngine.shared.parse(line.text, language: line.language, reference: TestEngine.reference)
            let threshold = TestEngine.shared.calibration.threshold(for: result.language)
            if result.isConfident {
                #expect(result.intent.isInScope)
                #expect(result.inScopeScore >= threshold)
                #expect(result.inScopeScore >= result.confidence)
            } else {
                #expect(result.intent == .outOfScope)
                #expect(result.inScopeScore < threshold)
                #expect(abs(result.confidence - (1 - result.inScopeScore)) < 1e-9)
            }
        }
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
