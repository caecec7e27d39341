import Foundation
import PayAssistCore

/// Guesses an utterance's language: by script first (Hangul is Korean, kana Japanese, Cyrillic
/// Russian, Han Chinese with Traditional detected from converted characters), then, for Latin
/// text, by a naive Bayes model over words and character trigrams learned from Intents/ phrases.
struct LanguageDetector: Sendable {
    /// Japanese shinjitai forms that Chinese does not use (電気代 is Japanese even without kana).
    static let japaneseOnlyKanji: Set<UInt32> = Set("気払円済売読駅広図団労効転伝発変択検沢渋乗剰浄畳縄壌嬢譲醸戸拡暁脳悩鉄歯齢覧隣様".unicodeScalars.map(\.value))

    /// The Latin-script languages the word model separates.
    static let latinLanguages: [Language] = [.en, .es, .fr, .de]
    private static let bits = 16
    private static let mask = UInt64((1 << bits) - 1)

    /// log P(feature | language) per bucket, language-major.
    private let logProbabilities: [Float]
    /// log P(unseen feature | language).
    private let unseen: [Float]

    /// Learns the word model from the Latin-script phrases (language and normalized scalars).
    init(phrases: [(Language, [UInt32])]) {
        let languages = LanguageDetector.latinLanguages
        let size = 1 << LanguageDetector.bits
        var counts = [Float](repeating: 0, count: size * languages.count)
        var totals = [Float](repeating: 0, count: languages.count)
        for (language, scalars) in phrases {
            guard let slot = languages.firstIndex(of: language) else { continue }
            for bucket in LanguageDetector.buckets(scalars) {
                counts[slot * size + bucket] += 1
                totals[slot] += 1
            }
        }
        var logs = [Float](repeating: 0, count: counts.count)
        var unseen = [Float](repeating: 0, count: languages.count)
        for slot in languages.indices {
            let denominator = totals[slot] + 0.1 * Float(size)
            unseen[slot] = log(0.1 / denominator)
            for bucket in 0..<size {
                logs[slot * size + bucket] = log((counts[slot * size + bucket] + 0.1) / denominator)
            }
        }
        logProbabilities = logs
        self.unseen = unseen
    }

    /// Words and character trigrams of the Latin words, as buckets.
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
            if (value >= 97 && value <= 122) || (value >= 0xC0 && value < 0x250) { word.append(value) } else { flush() }
        }
        flush()
        return result
    }

    /// The language of a normalized utterance; `fallback` when it has no letters.
    func detect(_ utterance: NormalizedUtterance, fallback: Language) -> Language {
        let scripts = utterance.scripts
        if scripts.letters == 0 { return fallback }
        if scripts.hangul > 0 && scripts.hangul >= scripts.han { return .ko }
        if scripts.kana > 0 { return .ja }
        if utterance.scalars.contains(where: { LanguageDetector.japaneseOnlyKanji.contains($0) }) { return .ja }
        let latinWords = LanguageDetector.latinWordCount(utterance.scalars)
        if scripts.han > 0 && scripts.han >= latinWords {
            return utterance.hadTraditional ? .zhHant : .zhHans
        }
        if scripts.cyrillic > scripts.latin { return .ru }
        if scripts.latin == 0 { return utterance.hadTraditional ? .zhHant : (scripts.han > 0 ? .zhHans : fallback) }
        let size = 1 << LanguageDetector.bits
        let buckets = LanguageDetector.buckets(utterance.scalars)
        var best = Language.en
        var bestScore = -Float.infinity
        for (slot, language) in LanguageDetector.latinLanguages.enumerated() {
            var score: Float = language == .en ? 0.5 : 0   // English breaks ties: most overseas chat is in it
            for bucket in buckets { score += logProbabilities[slot * size + bucket] }
            if score > bestScore {
                bestScore = score
                best = language
            }
        }
        return best
    }

    private static func latinWordCount(_ scalars: [UInt32]) -> Int {
        var count = 0
        var inWord = false
        for value in scalars {
            let latin = (value >= 97 && value <= 122) || (value >= 0xC0 && value < 0x250)
            if latin && !inWord { count += 1 }
            inWord = latin
        }
        return count
    }
}
