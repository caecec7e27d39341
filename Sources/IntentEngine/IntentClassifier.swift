import Foundation

/// A multinomial logistic regression over hashed features, trained by SGD with a fixed seed.
///
/// There are exactly 16 intents, so one bucket's weights for every class are one `SIMD16<Float>`:
/// scoring an utterance is one vector multiply-add per feature. Training visits examples in an
/// order drawn from a seeded generator, so the same data always gives the same model.
struct IntentClassifier: Sendable {
    /// Number of classes (every `IntentName`).
    static let classCount = IntentName.allCases.count
    /// Scores of all classes at once.
    typealias Scores = SIMD16<Float>

    /// Training settings.
    struct Settings: Sendable {
        var epochs = 10
        var learningRate: Float = 0.6
        var l2: Float = 1e-6
        var seed: UInt64 = 20_261_127
    }

    private let weights: [Scores]

    private init(weights: [Scores]) { self.weights = weights }

    /// Trains on `examples` (feature buckets and class index).
    static func train(_ examples: [(features: [Int32], label: Int)], settings: Settings = Settings()) -> IntentClassifier {
        precondition(classCount == Scores.scalarCount, "the classifier packs one SIMD lane per intent")
        var weights = [Scores](repeating: Scores(), count: FeatureExtractor.bucketCount)
        var order = Array(examples.indices)
        var random = SeededGenerator(seed: settings.seed)
        // Balance classes: an example of a rare intent counts more, within 0.5x...4x.
        var counts = [Int](repeating: 0, count: classCount)
        for example in examples { counts[example.label] += 1 }
        let mean = Float(examples.count) / Float(max(1, counts.filter { $0 > 0 }.count))
        let classWeight = counts.map { $0 == 0 ? Float(0) : min(4, max(0.5, (mean / Float($0)).squareRoot())) }
        var step = 0
        let totalSteps = Float(settings.epochs * max(1, examples.count))
        let decay = Scores(repeating: 1 - settings.l2)
        weights.withUnsafeMutableBufferPointer { w in
            for _ in 0..<settings.epochs {
                order.shuffle(using: &random)
                for position in order {
                    let example = examples[position]
                    let value = 1 / Float(example.features.count).squareRoot()
                    var scores = Scores()
                    for feature in example.features { scores += w[Int(feature)] }
                    var gradient = softmax(scores * value)
                    gradient[example.label] -= 1
                    let rate = settings.learningRate * (1 - Float(step) / totalSteps * 0.9) * classWeight[example.label]
                    step += 1
                    let update = gradient * (rate * value)
                    for feature in example.features {
                        w[Int(feature)] = w[Int(feature)] * decay - update
                    }
                }
            }
        }
        return IntentClassifier(weights: weights)
    }

    /// Raw class scores (logits) of a feature list, one lane per intent (`IntentName.index`).
    func logits(_ features: [Int32]) -> [Float] {
        guard !features.isEmpty else { return [Float](repeating: 0, count: IntentClassifier.classCount) }
        var scores = Scores()
        weights.withUnsafeBufferPointer { w in
            for feature in features { scores += w[Int(feature)] }
        }
        scores *= 1 / Float(features.count).squareRoot()
        return (0..<IntentClassifier.classCount).map { scores[$0] }
    }

    /// Softmax of all lanes (numerically stable).
    static func softmax(_ scores: Scores) -> Scores {
        let maximum = scores.max()
        var result = Scores()
        for lane in 0..<Scores.scalarCount { result[lane] = expf(scores[lane] - maximum) }
        return result / result.sum()
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
