import Foundation
@testable import IntentEngine
import PayAssistCore
import Testing

/// Start-up reads the committed model (Intents/generated/model.bin) instead of training, but only a
/// model built from exactly the data in Intents/; otherwise it trains as before.
struct IntentModelFileTests {
    static let modelFile = TestEngine.intentsFolder.appendingPathComponent(IntentModelFile.relativePath)

    @Test("the committed model file was built from the data in Intents/ (else run `payassist intents build-model`)")
    func committedModelIsCurrent() {
        #expect(TestEngine.shared.modelOrigin == .modelFile, "\(TestEngine.shared.modelOrigin)")
    }

    @Test("training on Intents/ gives exactly the committed model file, byte for byte")
    func trainingReproducesTheModelFile() throws {
        let trained = try IntentEngine.load(from: TestEngine.intentsFolder, useModelFile: false)
        #expect(trained.modelOrigin == .trainedOnRequest)
        let fingerprint = try IntentModelFile.fingerprint(of: TestEngine.intentsFolder)
        let encoded = IntentModelFile.encode(.init(intents: trained.intents, classifier: trained.classifier, detector: trained.detector), fingerprint: fingerprint)
        let committed = try [UInt8](Data(contentsOf: IntentModelFileTests.modelFile))
        #expect(encoded.count == committed.count)
        #expect(encoded == committed, "the model file differs from what training gives: run `payassist intents build-model`")
    }

    @Test("a model file read back answers exactly like the model it was written from")
    func roundTripKeepsEveryWeight() throws {
        let bytes = try [UInt8](Data(contentsOf: IntentModelFileTests.modelFile))
        let fingerprint = try IntentModelFile.fingerprint(of: TestEngine.intentsFolder)
        let contents = try IntentModelFile.decode(bytes, fingerprint: fingerprint)
        #expect(IntentModelFile.encode(contents, fingerprint: fingerprint) == bytes)
        #expect(contents.detector.counts == TestEngine.shared.detector.counts)
    }

    @Test("a model file built from other data is stale")
    func otherDataIsStale() throws {
        let bytes = try [UInt8](Data(contentsOf: IntentModelFileTests.modelFile))
        var other = try IntentModelFile.fingerprint(of: TestEngine.intentsFolder)
        other[0] ^= 1
        #expect(throws: IntentModelFile.Problem.stale) { try IntentModelFile.decode(bytes, fingerprint: other) }
    }

    @Test("a damaged, truncated or foreign model file is unreadable, never half-read")
    func damagedFilesAreRejected() throws {
        let bytes = try [UInt8](Data(contentsOf: IntentModelFileTests.modelFile))
        let fingerprint = try IntentModelFile.fingerprint(of: TestEngine.intentsFolder)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        let damaged: [[UInt8]] = [flipped, Array(bytes.prefix(bytes.count - 1)), Array(bytes.prefix(100)), [], Array("not a model".utf8)]
        for candidate in damaged {
            #expect {
                try IntentModelFile.decode(candidate, fingerprint: fingerprint)
            } throws: { error in
                if case .unreadable = error as? IntentModelFile.Problem { return true }
                return false
            }
        }
    }

    @Test("the fingerprint covers phrases and lexicons but not the README, calibration or the model itself")
    func fingerprintCoversTrainingInputsOnly() throws {
        let folder = try IntentExtensionTests.copyOfIntents(overlay: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try IntentModelFile.fingerprint(of: folder)
        #expect(original == (try IntentModelFile.fingerprint(of: TestEngine.intentsFolder)))
        for untracked in ["README.md", "calibration.json", IntentModelFile.relativePath] {
            let file = folder.appendingPathComponent(untracked)
            try (Data(contentsOf: file) + Data("\n".utf8)).write(to: file)
            #expect(try IntentModelFile.fingerprint(of: folder) == original, "\(untracked)")
        }
        for tracked in ["phrases/en/pay_bill.txt", "lexicon/fillers.txt", "generated/pinyin.txt"] {
            let file = folder.appendingPathComponent(tracked)
            let before = try Data(contentsOf: file)
            try (before + Data("\n".utf8)).write(to: file)
            #expect(try IntentModelFile.fingerprint(of: folder) != original, "\(tracked)")
            try before.write(to: file)
        }
    }
}
