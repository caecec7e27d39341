import Foundation
import PayAssistCore
import Synchronization

/// Guesses an utterance's language among the languages of Intents/: by script first (Hangul is
/// Korean, kana Japanese, Han Chinese with Traditional detected from converted characters), then,
/// among the languages written mostly in the utterance's alphabet (Latin, Cyrillic or another), by a
/// naive Bayes model over words and character trigrams learned from their phrases. A language added
/// in data joins the model of its alphabet, so detecting it needs no code.
struct LanguageDetector: Sendable {
    /// Japanese shinjitai forms that Chinese does not use (電気代 is Japanese even without kana).
    static let japaneseOnlyKanji: Set<UInt32> = Set("気払円済売読駅広図団労効転伝発変択検沢渋乗剰浄畳縄壌嬢譲醸戸拡暁脳悩鉄歯齢覧隣様".unicodeScalars.map(\.value))

    /// The alphabets the word model separates languages within.
    enum Alphabet: Sendable, CaseIterable { case latin, cyrillic, other }

    static let bits = 16
    private static let mask = UInt64((1 << bits) - 1)

    /// Every language of the data.
    let languages: [Language]
    /// The languages written mostly in each alphabet, in data order.
    private let candidates: [Alphabet: [Language]]
    /// Row of each language in `logProbabilities`.
    private let rows: [Language: Int]
    /// log P(feature | language) per bucket, language-major, for the alphabetic languages.
    private let logProbabilities: [Float]
    /// What training counted, from which the detector is rebuilt exactly (the model file stores it).
    let counts: Counts

    /// The counts a detector is built from: the languages, each alphabet's candidates, and per
    /// modelled language the buckets its phrases hit with how often.
    struct Counts: Sendable, Equatable {
        /// Every language of the data, sorted.
        var languages: [Language]
        /// The candidates of each alphabet, in `Alphabet.allCases` order.
        var candidates: [[Language]]
        /// The languages with a row, in row order.
        var modelled: [Language]
        /// Per row: the buckets hit, ascending.
        var buckets: [[UInt16]]
        /// Per row: how often each of those buckets was hit.
        var hits: [[UInt32]]
    }

    /// Learns which alphabet each language uses and the word model, from the phrases (language and
    /// normalized scalars).
    init(phrases: [(Language, [UInt32])]) {
        var scriptTotals: [Language: ScriptCounts] = [:]
        var romanized: [Language: [Alphabet: Int]] = [:]   // phrases written mostly in an alphabet
        var order: [Language] = []
        for (language, scalars) in phrases {
            if scriptTotals[language] == nil { order.append(language) }
            var phrase = ScriptCounts()
            for value in scalars {
                if TextNormalizer.isHan(value) || TextNormalizer.isKana(value) || TextNormalizer.isHangul(value) { phrase.han += 1 }
                else if TextNormalizer.isCyrillic(value) { phrase.cyrillic += 1 }
                else if TextNormalizer.isLatinLetter(value) { phrase.latin += 1 }
                else if TextNormalizer.isOtherLetter(value) { phrase.other += 1 }
            }
            var counts = scriptTotals[language] ?? ScriptCounts()
            counts.han += phrase.han
            counts.cyrillic += phrase.cyrillic
            counts.latin += phrase.latin
            counts.other += phrase.other
            scriptTotals[language] = counts
            if let alphabet = LanguageDetector.dominantAlphabet(phrase) { romanized[language, default: [:]][alphabet, default: 0] += 1 }
        }
        let languages = order.sorted()
        var candidates: [Alphabet: [Language]] = [:]
        for language in languages {
            let counts = scriptTotals[language] ?? ScriptCounts()
            let home = LanguageDetector.dominantAlphabet(counts)
            for alphabet in Alphabet.allCases {
                // A language joins the model of its own alphabet, and of another one it is often typed
                // in (Russian in translit, "oplatit svet"). Chinese typed in pinyin has its own path.
                let typedIn = !language.isChinese && (romanized[language]?[alphabet] ?? 0) >= LanguageDetector.romanizedPhrasesToJoin
                if alphabet == home || typedIn { candidates[alphabet, default: []].append(language) }
            }
        }
        let modelled = Array(Set(Alphabet.allCases.flatMap { candidates[$0] ?? [] })).sorted()
        let rows = Dictionary(uniqueKeysWithValues: modelled.enumerated().map { ($1, $0) })

        // Each language's row depends only on its own phrases: count the rows in parallel.
        let size = 1 << LanguageDetector.bits
        let phrasesByRow = Dictionary(grouping: phrases.indices.filter { rows[phrases[$0].0] != nil }) { rows[phrases[$0].0]! }
        let built = Mutex([(buckets: [UInt16], hits: [UInt32])](repeating: ([], []), count: modelled.count))
        DispatchQueue.concurrentPerform(iterations: modelled.count) { row in
            var counts = [UInt32](repeating: 0, count: size)
            for index in phrasesByRow[row] ?? [] {
                for bucket in LanguageDetector.buckets(phrases[index].1) { counts[bucket] += 1 }
            }
            let hit = counts.indices.filter { counts[$0] > 0 }
            built.withLock { $0[row] = (hit.map { UInt16($0) }, hit.map { counts[$0] }) }
        }
        let rowCounts = built.withLock { $0 }
        self.init(counts: Counts(languages: languages, candidates: Alphabet.allCases.map { candidates[$0] ?? [] }, modelled: modelled,
                                 buckets: rowCounts.map(\.buckets), hits: rowCounts.map(\.hits)))
    }

    /// Builds the detector from its counts (after training, or from the model file): add-0.1 smoothed
    /// log probabilities per row.
    init(counts: Counts) {
        self.counts = counts
        languages = counts.languages
        var candidates: [Alphabet: [Language]] = [:]
        for (alphabet, options) in zip(Alphabet.allCases, counts.candidates) where !options.isEmpty { candidates[alphabet] = options }
        self.candidates = candidates
        rows = Dictionary(uniqueKeysWithValues: counts.modelled.enumerated().map { ($1, $0) })
        let size = 1 << LanguageDetector.bits
        var logs = [Float](repeating: 0, count: size * counts.modelled.count)
        for row in counts.modelled.indices {
            var frequencies = [Float](repeating: 0, count: size)
            var total: Float = 0
            for (bucket, hits) in zip(counts.buckets[row], counts.hits[row]) {
                frequencies[Int(bucket)] = Float(hits)
                total += Float(hits)
            }
            let denominator = total + 0.1 * Float(size)
            for bucket in 0..<size { logs[row * size + bucket] = log((frequencies[bucket] + 0.1) / denominator) }
        }
        logProbabilities = logs
    }

    /// Phrases a language needs in another alphabet to be detected when typed in it.
    static let romanizedPhrasesToJoin = 20

    /// The alphabet most of the letters are in, when they outnumber Han, kana and Hangul; nil otherwise.
    static func dominantAlphabet(_ counts: ScriptCounts) -> Alphabet? {
        let alphabetic = [(Alphabet.latin, counts.latin), (.cyrillic, counts.cyrillic), (.other, counts.other)]
        guard let best = alphabetic.max(by: { $0.1 < $1.1 }), best.1 > counts.han else { return nil }
        return best.0
    }

    /// True when `language` is written in the Latin alphabet (typed pinyin is checked only then).
    func isLatin(_ language: Language) -> Bool { candidates[.latin]?.contains(language) ?? false }

    /// Words and character trigrams of the words in spaced alphabets, as buckets.
    private static func buckets(_ scalars: [UInt32]) -> [Int] {
        var result: [Int] = []
        var word: [UInt32] = []
        func flush() {
            guard !word.isEmpty else { return }
            result.append(Int(FeatureHasher.finish(FeatureHasher.hash(namespace: 1, word)) & mask))
            let padded = [32] + word + [32]
            if padded.count >= 3 {
                for start in 0...(padded.count - 3) {
                    result.append(Int(FeatureHasher.finish(FeatureHasher.hash(namespace: 2, padded[start..<start + 3])) & mask))
                }
            }
            word.removeAll(keepingCapacity: true)
        }
        for value in scalars {
            if TextNormalizer.isSpacedScriptLetter(value) { word.append(value) } else { flush() }
        }
        flush()
        return result
    }

    /// The language of a normalized utterance; `fallback` when it has no letters.
    func detect(_ utterance: NormalizedUtterance, fallback: Language) -> Language {
        let scripts = utterance.scripts
        if scripts.letters == 0 { return fallback }
        if scripts.hangul > 0 && scripts.hangul >= scripts.han, languages.contains(.ko) { return .ko }
        if languages.contains(.ja), scripts.kana > 0 || utterance.scalars.contains(where: { LanguageDetector.japaneseOnlyKanji.contains($0) }) { return .ja }
        let alphabetLetters = scripts.latin + scripts.cyrillic + scripts.other
        let chinese = utterance.hadTraditional && languages.contains(.zhHant) ? Language.zhHant : .zhHans
        if scripts.han > 0 && scripts.han >= LanguageDetector.wordCount(utterance.scalars) { return chinese }
        if alphabetLetters == 0 { return scripts.han > 0 ? chinese : fallback }
        let alphabet: Alphabet = scripts.cyrillic > scripts.latin && scripts.cyrillic >= scripts.other ? .cyrillic
            : scripts.other > scripts.latin ? .other : .latin
        guard let options = candidates[alphabet], !options.isEmpty else {
            return alphabet == .latin && languages.contains(.en) ? .en : fallback
        }
        if options.count == 1 { return options[0] }
        let size = 1 << LanguageDetector.bits
        let buckets = LanguageDetector.buckets(utterance.scalars)
        var best = options[0]
        var bestScore = -Float.infinity
        for language in options {
            let row = rows[language]!
            var score: Float = language == .en ? 0.5 : 0   // English breaks ties: most overseas chat is in it
            for bucket in buckets { score += logProbabilities[row * size + bucket] }
            if score > bestScore {
                bestScore = score
                best = language
            }
        }
        return best
    }

    /// Words of the spaced alphabets in the utterance.
    static func wordCount(_ scalars: [UInt32]) -> Int {
        var count = 0
        var inWord = false
        for value in scalars {
            let letter = TextNormalizer.isSpacedScriptLetter(value)
            if letter && !inWord { count += 1 }
            inWord = letter
        }
        return count
    }
}
