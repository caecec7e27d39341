import Foundation
import Synchronization

/// Per-character lookup tables: Traditional to Simplified, toneless pinyin of every CJK Unified
/// Ideograph, and Latin diacritic folding.
///
/// ICU transforms cost about 50 µs per utterance, far over the 20 µs budget, so the engine maps
/// characters by table. The tables come from ICU for the whole block (U+4E00...U+9FFF); asking ICU
/// takes 0.2-0.5 s, so `payassist intents export --generated-tables` writes ICU's answers to
/// Intents/generated/ once and start-up reads them from there (a test checks they still match ICU).
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
    /// Syllable index of each toneless pinyin word as typed in Latin letters ("dian", "jiao"), keyed
    /// by `packed(_:)` so lookups allocate nothing.
    let packedSyllables: [UInt64: Int]

    /// The syllable indexes of a toneless pinyin word typed in Latin letters: one for a syllable
    /// ("dian"), or the fewest syllables of two to six letters that spell a joined word ("dianfei" is
    /// dian fei, "jiaofei" jiao fei); nil when the word is not pinyin.
    func typedSyllables(of word: ArraySlice<UInt32>) -> [Int]? {
        let count = word.count
        let start = word.startIndex
        if count <= 6 {
            if let syllable = packedSyllables[ChineseTables.packed(word)] { return [syllable] }
        }
        guard count >= 4 && count <= 24 else { return nil }
        // fewest[i]: the fewest syllables spelling the first i letters (and where the last one starts).
        var fewest = [(count: Int, from: Int, syllable: Int)](repeating: (Int.max, 0, 0), count: count + 1)
        fewest[0] = (0, 0, 0)
        for end in 2...count {
            for length in 2...min(6, end) where fewest[end - length].count != Int.max {
                guard let syllable = packedSyllables[ChineseTables.packed(word[(start + end - length)..<(start + end)])] else { continue }
                if fewest[end - length].count + 1 < fewest[end].count { fewest[end] = (fewest[end - length].count + 1, end - length, syllable) }
            }
        }
        guard fewest[count].count != Int.max else { return nil }
        var result: [Int] = []
        var position = count
        while position > 0 {
            result.append(fewest[position].syllable)
            position = fewest[position].from
        }
        return result.reversed()
    }

    /// A word of up to twelve Latin letters as one number: five bits a letter, after a length.
    static func packed(_ letters: ArraySlice<UInt32>) -> UInt64 {
        var key = UInt64(letters.count)
        for letter in letters { key = key << 5 | UInt64((letter &- 96) & 31) }
        return key
    }

    /// Raw per-character data as ICU gives it: toneless pinyin and Simplified form of every Han
    /// character in the block, plus Latin letters without accents.
    struct Source: Sendable {
        /// Toneless pinyin per Han character (index = scalar - hanStart); "" when none.
        var pinyin: [String]
        /// Simplified scalar per Han character.
        var simplified: [UInt32]
        /// Base letter per Latin letter U+00C0...U+024F.
        var latinFolded: [UInt32]
    }

    /// Asks ICU for every character (about 0.2-0.5 s, split over the available cores).
    static func sourceFromICU() -> Source {
        let count = Int(hanEnd - hanStart + 1)
        let chunkCount = 4
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let results = Mutex([(pinyin: [String], simplified: [String])](repeating: ([], []), count: chunkCount))
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
            results.withLock { $0[chunk] = (Array(pinyin.prefix(upper - lower)), Array(simple.prefix(upper - lower))) }
        }
        var pinyin = [String](repeating: "", count: count)
        var simplified = [UInt32](repeating: 0, count: count)
        let chunks = results.withLock { $0 }
        for chunk in 0..<chunkCount {
            let (chunkPinyin, simple) = chunks[chunk]
            let lower = chunk * chunkSize
            for offset in 0..<min(chunkSize, count - lower) {
                let value = hanStart + UInt32(lower + offset)
                simplified[lower + offset] = value
                if offset < simple.count, simple[offset].unicodeScalars.count == 1, let only = simple[offset].unicodeScalars.first {
                    simplified[lower + offset] = only.value
                }
                if offset < chunkPinyin.count {
                    let syllable = chunkPinyin[offset].lowercased()
                    if !syllable.isEmpty, syllable.allSatisfy({ $0.isASCII && $0.isLetter }) { pinyin[lower + offset] = syllable }
                }
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
        return Source(pinyin: pinyin, simplified: simplified, latinFolded: latinFolded)
    }

    /// Reads the tables `write(_:to:)` generated (Intents/generated/), nil when absent or stale.
    static func source(from folder: URL) -> Source? {
        let count = Int(hanEnd - hanStart + 1)
        guard let pinyinText = try? String(contentsOf: folder.appendingPathComponent("pinyin.txt"), encoding: .utf8),
              let hansText = try? String(contentsOf: folder.appendingPathComponent("hant_hans.txt"), encoding: .utf8),
              let latinText = try? String(contentsOf: folder.appendingPathComponent("latin_fold.txt"), encoding: .utf8) else { return nil }
        var pinyin = [String](repeating: "", count: count)
        for line in pinyinText.split(separator: "\n") where !line.hasPrefix("#") {
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let syllable = String(line[..<tab])
            for scalar in line[line.index(after: tab)...].unicodeScalars where scalar.value >= hanStart && scalar.value <= hanEnd {
                pinyin[Int(scalar.value - hanStart)] = syllable
            }
        }
        var simplified = (0..<UInt32(count)).map { hanStart + $0 }
        for line in hansText.split(separator: "\n") where !line.hasPrefix("#") {
            let scalars = Array(line.unicodeScalars)
            guard scalars.count == 2, scalars[0].value >= hanStart, scalars[0].value <= hanEnd else { return nil }
            simplified[Int(scalars[0].value - hanStart)] = scalars[1].value
        }
        var latinFolded = (UInt32(0xC0)..<0x250).map { $0 }
        for line in latinText.split(separator: "\n") where !line.hasPrefix("#") {
            let scalars = Array(line.unicodeScalars)
            guard scalars.count == 2, scalars[0].value >= 0xC0, scalars[0].value < 0x250 else { return nil }
            latinFolded[Int(scalars[0].value - 0xC0)] = scalars[1].value
        }
        return Source(pinyin: pinyin, simplified: simplified, latinFolded: latinFolded)
    }

    /// Writes `source` as the three reviewable text files `source(from:)` reads.
    static func write(_ source: Source, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let header = "# Generated from ICU by `payassist intents export --generated-tables`; do not edit by hand.\n"
        var bySyllable: [String: String] = [:]
        for (offset, syllable) in source.pinyin.enumerated() where !syllable.isEmpty {
            bySyllable[syllable, default: ""].unicodeScalars.append(Unicode.Scalar(hanStart + UInt32(offset))!)
        }
        let pinyin = header + "# toneless pinyin<TAB>every character ICU reads that way\n" + bySyllable.keys.sorted().map { "\($0)\t\(bySyllable[$0]!)" }.joined(separator: "\n") + "\n"
        var hans = header + "# Traditional character followed by its Simplified form (Hant-Hans)\n"
        for (offset, value) in source.simplified.enumerated() where value != hanStart + UInt32(offset) {
            hans.unicodeScalars.append(Unicode.Scalar(hanStart + UInt32(offset))!)
            hans.unicodeScalars.append(Unicode.Scalar(value)!)
            hans += "\n"
        }
        var latin = header + "# accented Latin letter followed by its base letter\n"
        for (offset, value) in source.latinFolded.enumerated() where value != 0xC0 + UInt32(offset) {
            latin.unicodeScalars.append(Unicode.Scalar(0xC0 + UInt32(offset))!)
            latin.unicodeScalars.append(Unicode.Scalar(value)!)
            latin += "\n"
        }
        try Data(pinyin.utf8).write(to: folder.appendingPathComponent("pinyin.txt"), options: .atomic)
        try Data(hans.utf8).write(to: folder.appendingPathComponent("hant_hans.txt"), options: .atomic)
        try Data(latin.utf8).write(to: folder.appendingPathComponent("latin_fold.txt"), options: .atomic)
    }

    /// The tables from the generated files in `folder` when present, else straight from ICU.
    static func build(generatedFolder: URL? = nil) -> ChineseTables {
        build(from: generatedFolder.flatMap { source(from: $0) } ?? sourceFromICU())
    }

    /// Assembles the lookup tables from raw per-character data.
    static func build(from source: Source) -> ChineseTables {
        let count = Int(hanEnd - hanStart + 1)
        let simplified = source.simplified
        var pinyinIndex = [UInt16](repeating: 0, count: count)
        var syllables = [""]
        var syllableIDs: [String: UInt16] = ["": 0]
        var typed: [UInt64: Int] = [:]
        for offset in 0..<count {
            let syllable = fuzzySyllable(source.pinyin[offset])
            if syllable.isEmpty { continue }
            defer { typed[packed(source.pinyin[offset].unicodeScalars.map(\.value)[...])] = Int(pinyinIndex[offset]) }
            if let id = syllableIDs[syllable] {
                pinyinIndex[offset] = id
            } else {
                let id = UInt16(syllables.count)
                syllables.append(syllable)
                syllableIDs[syllable] = id
                pinyinIndex[offset] = id
            }
        }
        // Traditional characters take the pinyin of their Simplified form, so both scripts agree.
        for offset in 0..<count where simplified[offset] != hanStart + UInt32(offset) {
            let target = simplified[offset]
            if target >= hanStart && target <= hanEnd {
                let simpleIndex = pinyinIndex[Int(target - hanStart)]
                if simpleIndex != 0 { pinyinIndex[offset] = simpleIndex }
            }
        }
        return ChineseTables(
            simplified: simplified, pinyinIndex: pinyinIndex, syllables: syllables,
            syllableHashes: syllables.map { FeatureHasher.hash(namespace: 0, $0.unicodeScalars.map(\.value)) },
            latinFolded: source.latinFolded, packedSyllables: typed)
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
