import Foundation

/// Per-character lookup tables built once from ICU at start-up: Traditional to Simplified,
/// toneless (and accent-folded) pinyin of every CJK Unified Ideograph, and Latin diacritic folding.
///
/// ICU transforms cost about 50 µs per utterance, far over the 20 µs budget, so the engine asks ICU
/// once for the whole block (U+4E00...U+9FFF) and then maps characters by table.
struct ChineseTables: Sendable {
    /// First code point covered by the Han tables.
    static let hanStart: UInt32 = 0x4E00
    /// Last code point covered by the Han tables.
    static let hanEnd: UInt32 = 0x9FFF

    /// Simplified form of each Han character (same scalar when unchanged).
    let simplified: [UInt32]
    /// Index into `syllables` of each Han character's pinyin; 0 means none.
    let pinyinIndex: [UInt16]
    /// Distinct fuzzy pinyin syllables ("dian", "jiao"); index 0 is the empty syllable.
    let syllables: [String]
    /// Hash of each syllable, for features.
    let syllableHashes: [UInt64]
    /// Base letter of each Latin letter U+00C0...U+024F (same scalar when it has none).
    let latinFolded: [UInt32]

    /// Builds the tables from ICU; takes ~0.1-0.3 s, split over the available cores.
    static func build() -> ChineseTables {
        let count = Int(hanEnd - hanStart + 1)
        let chunkCount = 4
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let results = ChunkResults(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let lower = chunk * chunkSize
            let upper = min(count, lower + chunkSize)
            var source = ""
            source.unicodeScalars.reserveCapacity((upper - lower) * 2)
            for offset in lower..<upper {
                source.unicodeScalars.append(Unicode.Scalar(hanStart + UInt32(offset))!)
                source.unicodeScalars.append("\n")
            }
            let latin = source.applyingTransform(.mandarinToLatin, reverse: false) ?? ""
            let toneless = latin.applyingTransform(.stripDiacritics, reverse: false) ?? ""
            let hans = source.applyingTransform(StringTransform("Hant-Hans"), reverse: false) ?? source
            let pinyin = toneless.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let simple = hans.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            results.store(chunk, pinyin: pinyin, simplified: simple, expected: upper - lower)
        }
        var simplified = [UInt32](repeating: 0, count: count)
        var pinyinIndex = [UInt16](repeating: 0, count: count)
        var syllables = [""]
        var syllableIDs: [String: UInt16] = ["": 0]
        for chunk in 0..<chunkCount {
            let (pinyin, simple) = results.load(chunk)
            let lower = chunk * chunkSize
            for offset in 0..<min(chunkSize, count - lower) {
                let scalarValue = hanStart + UInt32(lower + offset)
                var mapped = scalarValue
                if offset < simple.count, simple[offset].unicodeScalars.count == 1, let only = simple[offset].unicodeScalars.first {
                    mapped = only.value
                }
                simplified[lower + offset] = mapped
                let syllable = offset < pinyin.count ? fuzzySyllable(pinyin[offset]) : ""
                if syllable.isEmpty { continue }
                if let id = syllableIDs[syllable] {
                    pinyinIndex[lower + offset] = id
                } else {
                    let id = UInt16(syllables.count)
                    syllables.append(syllable)
                    syllableIDs[syllable] = id
                    pinyinIndex[lower + offset] = id
                }
            }
        }
        // Simplified characters take the pinyin of their own scalar; make Traditional ones agree.
        for offset in 0..<count where simplified[offset] != hanStart + UInt32(offset) {
            let target = simplified[offset]
            if target >= hanStart && target <= hanEnd {
                let simpleIndex = pinyinIndex[Int(target - hanStart)]
                if simpleIndex != 0 { pinyinIndex[offset] = simpleIndex }
            }
        }
        var latinFolded = [UInt32](repeating: 0, count: 0x250 - 0xC0)
        var latinSource = ""
        for value in UInt32(0xC0)..<0x250 {
            latinSource.unicodeScalars.append(Unicode.Scalar(value)!)
            latinSource.unicodeScalars.append("\n")
        }
        let latinStripped = (latinSource.applyingTransform(.stripDiacritics, reverse: false) ?? latinSource)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, value) in (UInt32(0xC0)..<0x250).enumerated() {
            let folded = offset < latinStripped.count ? Array(latinStripped[offset].unicodeScalars) : []
            latinFolded[offset] = folded.count == 1 ? folded[0].value : value
        }
        return ChineseTables(
            simplified: simplified, pinyinIndex: pinyinIndex, syllables: syllables,
            syllableHashes: syllables.map { FeatureHasher.hash(namespace: 0, $0.unicodeScalars.map(\.value)) },
            latinFolded: latinFolded)
    }

    /// Lower-cased ASCII pinyin with the usual Mandarin speech confusions merged
    /// (zh/z, ch/c, sh/s, -ng/-n, n/l), so "缴/交/叫" and "余额/鱼鹅" share features.
    static func fuzzySyllable(_ raw: String) -> String {
        var syllable = raw.lowercased().filter { $0.isASCII && $0.isLetter }
        if syllable.isEmpty || syllable.count > 6 { return "" }
        if syllable.hasPrefix("zh") || syllable.hasPrefix("ch") || syllable.hasPrefix("sh") {
            syllable.remove(at: syllable.index(after: syllable.startIndex))
        }
        if syllable.hasSuffix("ng") { syllable.removeLast() }
        if syllable.hasPrefix("l") { syllable = "n" + syllable.dropFirst() }
        return syllable
    }

    /// The Simplified scalar for a Han scalar; other scalars unchanged.
    @inline(__always) func simplify(_ value: UInt32) -> UInt32 {
        guard value >= ChineseTables.hanStart && value <= ChineseTables.hanEnd else { return value }
        return simplified[Int(value - ChineseTables.hanStart)]
    }

    /// The syllable index of a Han scalar (0 when none).
    @inline(__always) func syllable(of value: UInt32) -> Int {
        guard value >= ChineseTables.hanStart && value <= ChineseTables.hanEnd else { return 0 }
        return Int(pinyinIndex[Int(value - ChineseTables.hanStart)])
    }

    /// The base letter of an accented Latin letter ("é" to "e"); other scalars unchanged.
    @inline(__always) func foldLatin(_ value: UInt32) -> UInt32 {
        guard value >= 0xC0 && value < 0x250 else { return value }
        return latinFolded[Int(value - 0xC0)]
    }

    /// The toneless pinyin of a text's Han characters, space-separated ("dian fei").
    func pinyin(of text: String) -> String {
        text.unicodeScalars.compactMap { scalar -> String? in
            let index = syllable(of: simplify(scalar.value))
            return index == 0 ? nil : syllables[index]
        }.joined(separator: " ")
    }
}

/// Collects the per-chunk results of `ChineseTables.build()` from concurrent workers.
private final class ChunkResults: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var pinyin: [[String]]
    private var simplified: [[String]]

    init(count: Int) {
        pinyin = Array(repeating: [], count: count)
        simplified = Array(repeating: [], count: count)
    }

    func store(_ chunk: Int, pinyin newPinyin: [String], simplified newSimplified: [String], expected: Int) {
        lock.lock()
        defer { lock.unlock() }
        pinyin[chunk] = Array(newPinyin.prefix(expected))
        simplified[chunk] = Array(newSimplified.prefix(expected))
    }

    func load(_ chunk: Int) -> ([String], [String]) {
        lock.lock()
        defer { lock.unlock() }
        return (pinyin[chunk], simplified[chunk])
    }
}
