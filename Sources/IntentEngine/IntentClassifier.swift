import Foundation

/// A multinomial logistic regression over hashed features, trained by SGD with a fixed seed.
///
/// Weights are a flat `[Float]` laid out feature-major (all classes of one bucket together) so
/// scoring an utterance touches one cache line per feature. Training visits examples in an order
/// drawn from a seeded generator, so the same data always gives the same model.
struct IntentClassifier: Sendable {
    /// Number of classes (every `IntentName`).
    static let classCount = IntentName.allCases.count

    /// Training settings.
    struct Settings: Sendable {
        var epochs = 14
        var learningRate: Float = 0.6
        var l2: Float = 1e-6
        var seed: UInt64 = 20_261_127
    }

    private(set) var weights: [Float]

    /// Trains on `examples` (feature buckets and class index).
    static func train(_ examples: [(features: [Int32], label: Int)], settings: Settings = Settings()) -> IntentClassifier {
        let k = classCount
        var weights = [Float](repeating: 0, count: FeatureExtractor.bucketCount * k)
        var order = Array(examples.indices)
        var random = SeededGenerator(seed: settings.seed)
        // Balance classes: an example of a rare intent counts more, but never more than 4x.
        var counts = [Int](repeating: 0, count: k)
        for example in examples { counts[example.label] += 1 }
        let mean = Float(examples.count) / Float(max(1, counts.filter { $0 > 0 }.count))
        let classWeight = counts.map { $0 == 0 ? Float(0) : min(4, max(0.5, (mean / Float($0)).squareRoot())) }
        var scores = [Float](repeating: 0, count: k)
        var step = 0
        let totalSteps = Float(settings.epochs * max(1, examples.count))
        weights.withUnsafeMutableBufferPointer { w in
            for _ in 0..<settings.epochs {
                order.shuffle(using: &random)
                for position in order {
                    let example = examples[position]
                    let value = 1 / Float(example.features.count).squareRoot()
                    for c in 0..<k { scores[c] = 0 }
                    for feature in example.features {
                        let base = Int(feature) * k
                        for c in 0..<k { scores[c] += w[base + c] * value }
                    }
                    softmaxInPlace(&scores)
                    scores[example.label] -= 1
                    let rate = settings.learningRate * (1 - Float(step) / totalSteps * 0.9) * classWeight[example.label]
                    step += 1
                    for feature in example.features {
                        let base = Int(feature) * k
                        for c in 0..<k {
                            w[base + c] -= rate * (scores[c] * value + settings.l2 * w[base + c])
                        }
                    }
                }
            }
        }
        return IntentClassifier(weights: weights)
    }

    /// Raw class scores (logits) of a feature list.
    func logits(_ features: [Int32]) -> [Float] {
        let k = IntentClassifier.classCount
        var scores = [Float](repeating: 0, count: k)
        guard !features.isEmpty else { return scores }
        let value = 1 / Float(features.count).squareRoot()
        weights.withUnsafeBufferPointer { w in
            for feature in features {
                let base = Int(feature) * k
                for c in 0..<k { scores[c] += w[base + c] * value }
            }
        }
        return scores
    }

    /// Softmax of `scores` in place (numerically stable).
    static func softmaxInPlace(_ scores: inout [Float]) {
        var maximum = -Float.infinity
        for score in scores where score > maximum { maximum = score }
        var sum: Float = 0
        for index in scores.indices {
            scores[index] = expf(scores[index] - maximum)
            sum += scores[index]
        }
        for index in scores.indices { scores[index] /= sum }
    }
}

/// SplitMix64: a small deterministic generator for reproducible shuffles.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
