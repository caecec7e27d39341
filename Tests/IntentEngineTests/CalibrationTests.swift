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

    @Test("an in-scope answer below the language's threshold is reported as out_of_scope, not confident")
    func belowThresholdIsOutOfScope() {
        for line in TestEngine.testSet {
            let result = TestEngine.shared.parse(line.text, language: line.language, reference: TestEngine.reference)
            if result.isConfident {
                #expect(result.intent.isInScope)
                #expect(result.confidence >= TestEngine.shared.calibration.threshold(for: result.language))
            } else {
                #expect(result.intent == .outOfScope)
            }
        }
    }
}
