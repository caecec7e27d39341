import Foundation
import PayAssistCore

/// A multinomial logistic regression over hashed features, trained by SGD with a fixed seed.
///
/// One bucket's weights for every class are consecutive floats, padded to a multiple of 16 (one
/// vector register per 16 intents; the 16 standard intents fill exactly one): scoring an utterance
/// is one vector add per feature and register. Training visits examples in an order drawn from a
/// seeded generator, so the same data always gives the same model.
struct IntentClassifier: Sendable {
    /// Sixteen lanes: one vector register.
    typealias Lanes = SIMD16<Float>

    /// Training settings.
    struct Settings: Sendable {
        // Chosen on the calibration split of Intents/ (held-out source lines): among epochs 8-20,
        // rates 0.3-3.0 and L2 1e-7...1e-5, rate 2.0 for 10 epochs kept the most held-out in-scope
        // phrases at the same out-of-scope rejection (75% against 72% for rate 0.6). With 44k phrases,
        // 8 epochs keep the same held-out accuracy as 10 (76.9% against 76.8% at 93% rejection) and
        // train 20% faster, which keeps start-up under 1 s. With 60k phrases (the fourth session's
        // natural chat lines), 6 epochs keep the five-fold accuracy of 8 (86.9% against 86.8% pooled,
        // English 88.0% against 87.1%) and the fresh blind sets where they were, and start-up at
        // 0.78-0.81 s instead of 0.98-1.04 s on this shared 2-core machine. With 65.6k phrases and the
        // fifth session's faster start-up (0.70 s at 6 epochs), 7 epochs gain five-fold accuracy
        // (88.3% -> 88.6% pooled, English 87.3% -> 87.7%) and 5 of 2,106 blind-set lines for 0.06 s;
        // 8 gain a little more (88.9%) but put start-up back near 0.9 s. The sixth session found the
        // model under-fitted: a phrase's features scaled by 1/n^0.4 instead of 1/sqrt(n) (longer
        // messages keep more of their key words' weight), with each source line visiting about
        // sqrt(k) of its k expansions an epoch (`visits(forExpansions:)`), 10 epochs gain five-fold
        // in-scope accuracy (89.6% -> 90.8% pooled at the same rejection; Chinese 87.8% -> 88.6%)
        // and train in less time than 7 epochs over every expansion (0.30 s against 0.42-0.50 s).
        // Scaling by 1/n^0.35 or 0.45, rates 3-6 and 12-14 epochs all score within 0.3 points.
        var epochs = 10
        var learningRate: Float = 2.0
        var l2: Float = 1e-6
        var seed: UInt64 = 20_261_127
    }

    /// A phrase of n features scores its summed weights times n^-lengthPower (1/sqrt(n) was 0.5).
    static let lengthPower = 0.4

    /// The scale of a phrase's summed feature weights for `featureCount` features.
    @inline(__always) static func scale(forFeatureCount featureCount: Int) -> Float {
        Float(pow(Double(featureCount), -lengthPower))
    }

    /// How many of a source line's `expansions` one epoch visits: about their square root, rotating
    /// so that every expansion is visited in turn. A template line of 48 variants ("(交|缴)(电费|...)")
    /// says one thing 48 ways; a natural chat line says one thing once. Visiting every expansion let
    /// template lines outweigh natural ones about 3 to 1 (69k phrases from 21k lines).
    static func visits(forExpansions expansions: Int) -> Int {
        min(expansions, Int(Double(expansions).squareRoot().rounded(.up)))
    }

    /// Number of classes (intents).
    let classCount: Int
    /// Floats per bucket: `classCount` rounded up to a multiple of 16; the padding lanes stay 0.
    let rowWidth: Int
    /// Weights, bucket-major: the class weights of bucket b are at rowWidth*b ..< rowWidth*b + classCount.
    /// Plain `Float`s with fixed 16-step loops: the optimizer vectorizes them in release builds, and
    /// debug builds (tests of other targets train the engine too) avoid slow generic SIMD calls.
    private let weights: AlignedFloats

    private init(classCount: Int, rowWidth: Int, weights: AlignedFloats) {
        self.classCount = classCount
        self.rowWidth = rowWidth
        self.weights = weights
    }

    /// The row width for `classCount` classes.
    static func rowWidth(for classCount: Int) -> Int { max(16, (classCount + 15) / 16 * 16) }

    /// Trains on `examples` (feature buckets and class index in 0..<classCount).
    /// `sources` groups the examples expanded from one source line (consecutive, covering all of them);
    /// nil makes each example its own line.
    static func train(_ examples: [(features: [Int32], label: Int)], classCount: Int, sources: [Range<Int>]? = nil, settings: Settings = Settings()) -> IntentClassifier {
        let width = rowWidth(for: classCount)
        // Each bucket's row is 64 bytes; on 64-byte boundaries a row is one cache line, not two (the
        // weights are 8 MB, so nearly every row read and written is a cache miss): training takes
        // 0.33 s instead of 0.40 s on 65k phrases. The model is the same, float for float.
        let weights = AlignedFloats(count: FeatureExtractor.bucketCount * width)
        let w = weights.base
        var random = SeededGenerator(seed: settings.seed)
        let sources = sources ?? examples.indices.map { $0..<($0 + 1) }
        let visitCounts = sources.map { visits(forExpansions: $0.count) }
        let stepsPerEpoch = visitCounts.reduce(0, +)
        // Balance classes by the visits of an epoch: an example of a rare intent counts more, within 0.5x...4x.
        var counts = [Int](repeating: 0, count: classCount)
        for (source, visited) in zip(sources, visitCounts) { counts[examples[source.lowerBound].label] += visited }
        let mean = Float(stepsPerEpoch) / Float(max(1, counts.filter { $0 > 0 }.count))
        let classWeight = counts.map { $0 == 0 ? Float(0) : min(4, max(0.5, (mean / Float($0)).squareRoot())) }
        var step = 0
        let totalSteps = Float(settings.epochs * max(1, stepsPerEpoch))
        var order = [Int]()
        order.reserveCapacity(stepsPerEpoch)
        let decay = 1 - settings.l2
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: width)
        let update = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer {
            scores.deallocate()
            update.deallocate()
        }
        update.initialize(repeating: 0, count: width)
        // The examples' features in one flat buffer (no per-example array to retain in the hot loop).
        var offsets = [Int](repeating: 0, count: examples.count + 1)
        for (index, example) in examples.enumerated() { offsets[index + 1] = offsets[index] + example.features.count }
        var flat = [Int32]()
        flat.reserveCapacity(offsets[examples.count])
        for example in examples { flat.append(contentsOf: example.features) }
        let labels = examples.map(\.label)
        let scales = examples.map { scale(forFeatureCount: $0.features.count) }
        flat.withUnsafeBufferPointer { features in
            for epoch in 0..<settings.epochs {
                order.removeAll(keepingCapacity: true)
                for (source, visited) in zip(sources, visitCounts) {
                    for offset in 0..<visited { order.append(source.lowerBound + (epoch * visited + offset) % source.count) }
                }
                order.shuffle(using: &random)
                for position in order {
                    let row = features[offsets[position]..<offsets[position + 1]]
                    let label = labels[position]
                    let value = scales[position]
                    scores.initialize(repeating: 0, count: width)
                    for feature in row { addRow(UnsafePointer(w + Int(feature) * width), into: scores, width: width) }
                    for lane in 0..<classCount { scores[lane] *= value }
                    softmax(scores, count: classCount)
                    scores[label] -= 1
                    let rate = settings.learningRate * (1 - Float(step) / totalSteps * 0.9) * classWeight[label]
                    step += 1
                    for lane in 0..<classCount { update[lane] = scores[lane] * (rate * value) }
                    for feature in row { decayRow(w + Int(feature) * width, by: decay, minus: update, width: width) }
                }
            }
        }
        // Rounded to half precision, so the model file (Intents/generated/model.bin, two bytes a
        // weight) restores exactly the model that training gives: both paths answer alike.
        for index in 0..<weights.count { w[index] = Float(Float16(w[index])) }
        return IntentClassifier(classCount: classCount, rowWidth: width, weights: weights)
    }

    /// The weights of every bucket's `classCount` classes as half-precision bit patterns, bucket-major
    /// (the padding lanes are left out).
    func halfPrecisionBits() -> [UInt16] {
        var bits = [UInt16]()
        bits.reserveCapacity(FeatureExtractor.bucketCount * classCount)
        for bucket in 0..<FeatureExtractor.bucketCount {
            let row = weights.base + bucket * rowWidth
            for lane in 0..<classCount { bits.append(Float16(row[lane]).bitPattern) }
        }
        return bits
    }

    /// Restores a model from `halfPrecisionBits()` (FeatureExtractor.bucketCount * classCount patterns).
    init(classCount: Int, halfPrecisionBits bits: UnsafeBufferPointer<UInt16>) {
        precondition(bits.count == FeatureExtractor.bucketCount * classCount)
        let width = IntentClassifier.rowWidth(for: classCount)
        let weights = AlignedFloats(count: FeatureExtractor.bucketCount * width)
        for bucket in 0..<FeatureExtractor.bucketCount {
            let row = weights.base + bucket * width
            let source = bucket * classCount
            for lane in 0..<classCount { row[lane] = Float(Float16(bitPattern: bits[source + lane])) }
        }
        self.init(classCount: classCount, rowWidth: width, weights: weights)
    }

    /// Raw class scores (logits) of a feature list, one per class index.
    func logits(_ features: [Int32]) -> [Float] {
        var scores = [Float](repeating: 0, count: rowWidth)
        guard !features.isEmpty else { return Array(scores.prefix(classCount)) }
        let width = rowWidth
        let w = UnsafePointer(weights.base)
        scores.withUnsafeMutableBufferPointer { out in
            for feature in features { IntentClassifier.addRow(w + Int(feature) * width, into: out.baseAddress!, width: width) }
        }
        let value = IntentClassifier.scale(forFeatureCount: features.count)
        scores.removeLast(rowWidth - classCount)
        for lane in scores.indices { scores[lane] *= value }
        return scores
    }

    /// `accumulator += row` over `width` lanes (a multiple of 16). Release builds add one vector
    /// register at a time; debug builds use a plain loop, because unspecialized SIMD is ~5x slower
    /// there. Each lane gets the same single IEEE addition either way, so both train identical models.
    @inline(__always) static func addRow(_ row: UnsafePointer<Float>, into accumulator: UnsafeMutablePointer<Float>, width: Int) {
        #if DEBUG
        for lane in 0..<width { accumulator[lane] += row[lane] }
        #else
        var offset = 0
        while offset < width {
            let sum = UnsafeRawPointer(accumulator + offset).loadUnaligned(as: Lanes.self) + UnsafeRawPointer(row + offset).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(accumulator + offset).storeBytes(of: sum, as: Lanes.self)
            offset += 16
        }
        #endif
    }

    /// `row = row * decay - update` over `width` lanes (vector in release, loop in debug; same results).
    @inline(__always) static func decayRow(_ row: UnsafeMutablePointer<Float>, by decay: Float, minus update: UnsafeMutablePointer<Float>, width: Int) {
        #if DEBUG
        for lane in 0..<width { row[lane] = row[lane] * decay - update[lane] }
        #else
        var offset = 0
        while offset < width {
            let current = UnsafeRawPointer(row + offset).loadUnaligned(as: Lanes.self)
            let delta = UnsafeRawPointer(update + offset).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(row + offset).storeBytes(of: current * decay - delta, as: Lanes.self)
            offset += 16
        }
        #endif
    }

    /// Softmax of the first `count` lanes in place (numerically stable).
    static func softmax(_ lanes: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = lanes[0]
        for lane in 1..<count where lanes[lane] > maximum { maximum = lanes[lane] }
        var sum: Float = 0
        for lane in 0..<count {
            lanes[lane] = expf(lanes[lane] - maximum)
            sum += lanes[lane]
        }
        for lane in 0..<count { lanes[lane] /= sum }
    }

    /// Softmax of `scores` in place (numerically stable).
    static func softmaxInPlace(_ scores: inout [Float]) {
        scores.withUnsafeMutableBufferPointer { softmax($0.baseAddress!, count: $0.count) }
    }
}

/// Zeroed floats on a 64-byte boundary, owned for the life of a model: each 16-lane row of the
/// classifier is then exactly one cache line. Written only while training, before the model is
/// shared; read-only afterwards, hence safe to share across threads.
final class AlignedFloats: @unchecked Sendable {
    /// The first float.
    let base: UnsafeMutablePointer<Float>
    /// Number of floats.
    let count: Int

    init(count: Int) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
        base.initialize(repeating: 0, count: count)
    }

    deinit { base.deallocate() }
}
