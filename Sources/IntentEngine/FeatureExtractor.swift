/// Turns a normalized utterance into hashed feature buckets for the classifier:
/// character 1-3-grams of Chinese/Japanese runs, toneless fuzzy pinyin 1-2-grams of Han characters
/// (so 缴费/叫费 and 电费/点费 share features), words, word bigrams and trigrams of spaced scripts, the
/// first word paired with each later word (so the leading verb or question word colors the rest), words by
/// a light stem ("paying", "pays" → "pay"), character
/// 3-4-grams inside words (typos, inflections), slot markers and a bias.
struct FeatureExtractor: Sendable {
    /// A light English-style stem of a lower-case ASCII word for the word features: "paying",
    /// "payed" and "pays" are "pay", "bills" is "bill", "topped" is "top", "charges" and "charged"
    /// are "charg". Other words (short, accented, other scripts) stay as they are.
    static func stem(_ word: [UInt32]) -> [UInt32] {
        guard word.count >= 4, word.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        if word.count == 4 {
            // Only plurals and third persons of three-letter words: "pays", "tops", "fees".
            return word[3] == 115 && word[2] != 115 && word[2] != 117 && word[2] != 105 ? Array(word.dropLast()) : word
        }
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard word.count > count else { return false }
            return suffix.withUTF8Buffer { tail in
                for offset in 0..<count where word[word.count - count + offset] != UInt32(tail[offset]) { return false }
                return true
            }
        }
        var stem = word
        var strippedVerbEnding = false
        if ends("ies") && word.count > 5 {
            stem = Array(word.dropLast(3)) + [121]   // "batteries" → "battery"
        } else if ends("ing") && word.count >= 6 {
            stem = Array(word.dropLast(3)); strippedVerbEnding = true
        } else if ends("ed") && word.count >= 5 {
            stem = Array(word.dropLast(2)); strippedVerbEnding = true
        } else if ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zes") {
            stem = Array(word.dropLast(2))
        } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
            stem = Array(word.dropLast(1))
        }
        // "topp" (topped) → "top"; not l, s or z ("billed" stays "bill").
        if strippedVerbEnding, stem.count >= 3, stem[stem.count - 1] == stem[stem.count - 2], ![108, 115, 122].contains(stem[stem.count - 1]),
           ![97, 101, 105, 111, 117].contains(stem[stem.count - 1]) {
            stem.removeLast()
        }
        if stem.count >= 4 && stem.last == 101 { stem.removeLast() }   // "charge" and "charg(ed)" meet
        return stem
    }

    /// log2 of the number of buckets. 2^17 (8 MB of weights) instead of 2^18 (16 MB): with 72k
    /// phrases, five-fold in-scope accuracy 90.8% -> 90.7% and CLINC val rejection unchanged (96.3%),
    /// for 0.05-0.1 s less start-up (half the cache misses while training) and 8 MB less memory.
    static let bucketBits = 17
    static let bucketCount = 1 << bucketBits
    private static let mask = UInt64(bucketCount - 1)

    let tables: ChineseTables

    private enum Namespace: UInt64 {
        case cjk1 = 1, cjk2, cjk3, pinyin1, pinyin2, word, wordBigram, wordGram3, wordGram4, slot, bias, wordGram2, wordTrigram, leadPair, hangulJoined2, hangulJoined3
    }

    /// The scalar standing for any number in features.
    static let numberMark: UInt32 = 0x23   // '#'
    private static let boundary: UInt32 = 0x5E   // '^', start and end of a word or run

    @inline(__always) private static func bucket(_ hash: UInt64) -> Int32 { Int32(truncatingIfNeeded: FeatureHasher.finish(hash) & mask) }

    /// True when the Latin words of an utterance are mostly toneless pinyin ("wo yao jiao dian fei"):
    /// at least two words and 80% of them pinyin syllables.
    func isTypedPinyin(_ scalars: [UInt32]) -> Bool {
        var words = 0
        var pinyinWords = 0
        var index = 0
        while index < scalars.count {
            guard scalars[index] >= 97 && scalars[index] <= 122 else { index += 1; continue }
            var end = index
            while end < scalars.count && scalars[end] >= 97 && scalars[end] <= 122 { end += 1 }
            words += 1
            if tables.typedSyllables(of: scalars[index..<end]) != nil { pinyinWords += 1 }
            index = end
        }
        return words >= 2 && pinyinWords * 10 >= words * 8
    }

    /// Feature buckets of an utterance (may repeat; each occurrence counts).
    func features(of scalars: [UInt32], slots: Slots, showsAmount: Bool = false) -> [Int32] {
        let typedPinyin = isTypedPinyin(scalars)
        var output: [Int32] = []
        output.reserveCapacity(scalars.count * 5 + 8)
        output.append(FeatureExtractor.bucket(FeatureHasher.start(Namespace.bias.rawValue)))
        // Tokens: CJK runs (digits inside count as '#'), spaced words, numbers.
        var cjkRun: [UInt32] = []
        var word: [UInt32] = []
        var previousWordHash: UInt64 = FeatureHasher.hash(namespace: 99, [FeatureExtractor.boundary])
        var beforePreviousWordHash: UInt64 = FeatureHasher.hash(namespace: 99, [FeatureExtractor.boundary, 1])
        var leadWordHash: UInt64 = 0   // first word of a spaced script
        var wordIndex = 0
        var index = 0
        let count = scalars.count

        func flushCJK() {
            guard !cjkRun.isEmpty else { return }
            addCJKFeatures(cjkRun, into: &output)
            cjkRun.removeAll(keepingCapacity: true)
            previousWordHash = FeatureHasher.hash(namespace: 99, [0x3000])
        }
        func flushWord() {
            guard !word.isEmpty else { return }
            // Typed pinyin is represented by its pinyin features only, like the characters it stands for.
            if typedPinyin && tables.typedSyllables(of: word[...]) != nil {
                word.removeAll(keepingCapacity: true)
                return
            }
            // Words, word n-grams and lead pairs use the word's light stem, so "paying my bills" and
            // "pay my bill" share them; the character grams below keep the word as written.
            let wordHash = FeatureHasher.hash(namespace: 0, FeatureExtractor.stem(word))
            output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.start(Namespace.word.rawValue), wordHash)))
            output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.start(Namespace.wordBigram.rawValue), previousWordHash), wordHash)))
            output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.start(Namespace.wordTrigram.rawValue), beforePreviousWordHash), previousWordHash), wordHash)))
            // The first word paired with each later one: "pay ... due" is not "when ... due".
            if wordIndex == 0 {
                leadWordHash = wordHash
            } else {
                output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.start(Namespace.leadPair.rawValue), leadWordHash), wordHash)))
            }
            wordIndex += 1
            beforePreviousWordHash = previousWordHash
            previousWordHash = wordHash
            if word.count > 1 || word[0] != FeatureExtractor.numberMark {
                addWordGrams(word, into: &output)
            }
            word.removeAll(keepingCapacity: true)
        }

        while index < count {
            let value = scalars[index]
            if ChineseNumerals.isASCIIDigit(value) {
                var end = index
                while end < count && (ChineseNumerals.isASCIIDigit(scalars[end]) || scalars[end] == 46 || scalars[end] == 44 || scalars[end] == 58) { end += 1 }
                let cjkBefore = index > 0 && TextNormalizer.isCJK(scalars[index - 1])
                let cjkAfter = end < count && TextNormalizer.isCJK(scalars[end])
                if cjkBefore || cjkAfter {
                    flushWord()
                    cjkRun.append(FeatureExtractor.numberMark)
                } else {
                    flushCJK()
                    flushWord()
                    word.append(FeatureExtractor.numberMark)
                    flushWord()
                }
                index = end
                continue
            }
            if TextNormalizer.isCJK(value) {
                flushWord()
                cjkRun.append(value)
            } else if value == 32 {
                flushWord()
                flushCJK()
            } else {
                flushCJK()
                word.append(value)
            }
            index += 1
        }
        flushWord()
        flushCJK()
        addTypedPinyinFeatures(scalars, pinyinMode: typedPinyin, into: &output)
        addJoinedHangulFeatures(scalars, into: &output)
        if word.isEmpty {
            let end = FeatureHasher.hash(namespace: 99, [FeatureExtractor.boundary, FeatureExtractor.boundary])
            output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.start(Namespace.wordBigram.rawValue), previousWordHash), end)))
        }
        let slotFlags: [(Bool, UInt32)] = [(slots.amount != nil || showsAmount, 1), (slots.account != nil, 2), (slots.period != nil, 3), (slots.language != nil, 4), (slots.time != nil, 5)]
        for (present, id) in slotFlags where present {
            output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.start(Namespace.slot.rawValue), id)))
        }
        return output
    }

    /// Character 1-3-grams (with run boundaries) and pinyin 1-2-grams of one CJK run.
    private func addCJKFeatures(_ run: [UInt32], into output: inout [Int32]) {
        let n = run.count
        for i in 0..<n {
            let c = run[i]
            output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.start(Namespace.cjk1.rawValue), c)))
            let previous = i > 0 ? run[i - 1] : FeatureExtractor.boundary
            output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.start(Namespace.cjk2.rawValue), previous), c)))
            if i > 0 {
                let before = i > 1 ? run[i - 2] : FeatureExtractor.boundary
                output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.start(Namespace.cjk3.rawValue), before), previous), c)))
            }
        }
        output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.start(Namespace.cjk2.rawValue), run[n - 1]), FeatureExtractor.boundary)))
        // Pinyin of consecutive Han characters.
        var previousSyllable = 0
        for c in run {
            let syllable = tables.syllable(of: c)
            if syllable == 0 {
                previousSyllable = 0
                continue
            }
            let hash = tables.syllableHashes[syllable]
            output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.start(Namespace.pinyin1.rawValue), hash)))
            if previousSyllable != 0 {
                output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.start(Namespace.pinyin2.rawValue), tables.syllableHashes[previousSyllable]), hash)))
            }
            previousSyllable = syllable
        }
    }

    /// Pinyin typed in Latin letters ("wo yao jiao dian fei", "我要jiao电费") gets the same pinyin
    /// features as the characters would; a joined word ("dianfei") counts as its syllables. A Latin word counts as pinyin next to Chinese characters, or
    /// when at least two words and 80% of the words are pinyin syllables (so English stays English).
    /// Only n-grams with at least one typed syllable are added (the characters' own are already there).
    private func addTypedPinyinFeatures(_ scalars: [UInt32], pinyinMode: Bool, into output: inout [Int32]) {
        guard scalars.contains(where: { $0 >= 97 && $0 <= 122 }) else { return }
        // The utterance as a sequence of units: Han characters and words.
        var units: [(syllable: Int, typed: Bool, isWord: Bool, han: Bool)] = []
        var index = 0
        var pinyinWords = 0
        while index < scalars.count {
            let value = scalars[index]
            if value >= 97 && value <= 122 {
                var end = index
                while end < scalars.count && scalars[end] >= 97 && scalars[end] <= 122 { end += 1 }
                if let syllables = tables.typedSyllables(of: scalars[index..<end]) {
                    pinyinWords += 1
                    for syllable in syllables { units.append((syllable, true, true, false)) }
                } else {
                    units.append((0, true, true, false))
                }
                index = end
                continue
            }
            if TextNormalizer.isHan(value) {
                units.append((tables.syllable(of: value), false, false, true))
            } else if value != 32 {
                units.append((0, false, false, false))
            }
            index += 1
        }
        guard pinyinWords > 0 else { return }
        var previous = 0
        var previousTyped = false
        for (position, unit) in units.enumerated() {
            var syllable = unit.syllable
            if unit.typed {
                let nextToHan = (position > 0 && units[position - 1].han) || (position + 1 < units.count && units[position + 1].han)
                if !(pinyinMode || nextToHan) { syllable = 0 }
            }
            if syllable == 0 {
                previous = 0
                previousTyped = false
                continue
            }
            let hash = tables.syllableHashes[syllable]
            if unit.typed {
                output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.start(Namespace.pinyin1.rawValue), hash)))
            }
            if previous != 0 && (unit.typed || previousTyped) {
                output.append(FeatureExtractor.bucket(FeatureHasher.mix64(FeatureHasher.mix64(FeatureHasher.start(Namespace.pinyin2.rawValue), tables.syllableHashes[previous]), hash)))
            }
            previous = syllable
            previousTyped = unit.typed
        }
    }

    /// Character 2- and 3-grams of the Hangul text with the spaces between words removed, so that
    /// Korean written with or without spaces ("알려 줘", "알려줘", "전기 요금", "전기요금") shares features.
    private func addJoinedHangulFeatures(_ scalars: [UInt32], into output: inout [Int32]) {
        var run: [UInt32] = []
        func flush() {
            if run.count >= 2 {
                for i in 1..<run.count {
                    output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.start(Namespace.hangulJoined2.rawValue), run[i - 1]), run[i])))
                    if i >= 2 {
                        output.append(FeatureExtractor.bucket(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.mix(FeatureHasher.start(Namespace.hangulJoined3.rawValue), run[i - 2]), run[i - 1]), run[i])))
                    }
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        for value in scalars {
            if TextNormalizer.isHangul(value) { run.append(value) } else if value != 32 { flush() }
        }
        flush()
    }

    /// Character n-grams of "^word^": 3- and 4-grams for Latin and Cyrillic, 2- and 3-grams for Hangul.
    private func addWordGrams(_ word: [UInt32], into output: inout [Int32]) {
        var padded: [UInt32] = [FeatureExtractor.boundary]
        padded.append(contentsOf: word)
        padded.append(FeatureExtractor.boundary)
        let hangul = TextNormalizer.isHangul(word[0])
        let sizes: [(Int, Namespace)] = hangul ? [(2, .wordGram2), (3, .wordGram3)] : [(3, .wordGram3), (4, .wordGram4)]
        for (size, namespace) in sizes where padded.count >= size {
            for start in 0...(padded.count - size) {
                var hash = FeatureHasher.start(namespace.rawValue)
                for offset in 0..<size { hash = FeatureHasher.mix(hash, padded[start + offset]) }
                output.append(FeatureExtractor.bucket(hash))
            }
        }
    }
}
