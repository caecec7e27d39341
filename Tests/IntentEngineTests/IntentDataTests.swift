import Foundation
@testable import IntentEngine
import PayAssistCore
import Testing

/// The reviewable data in Intents/ is complete and kept apart from the test set.
struct IntentDataTests {
    @Test("every standard intent has phrases in every reply language")
    func coverage() {
        let phrases = TestEngine.shared.trainingPhrases
        #expect(TestEngine.shared.intents == IntentName.standard)
        #expect(TestEngine.shared.languages == Language.allCases)
        for language in Language.allCases {
            for intent in IntentName.standard {
                let count = phrases.filter { $0.language == language && $0.intent == intent }.count
                #expect(count >= 3, "\(language.rawValue)/\(intent.rawValue) has \(count) phrases")
            }
        }
        #expect(phrases.filter { $0.language == .zhHans }.count >= 1000)
        #expect(phrases.filter { $0.language == .en }.count >= 1000)
    }

    @Test("no test sentence is also a training phrase")
    func testSetIsHeldOut() {
        let engine = TestEngine.shared
        let normalizedTraining = Set(engine.trainingPhrases.map { engine.normalize($0.text) })
        let rawTraining = Set(engine.trainingPhrases.map { $0.text.lowercased() })
        for line in TestEngine.allLabelledLines {
            if line.noise != "asr" {
                let isTrainingPhrase = normalizedTraining.contains(engine.normalize(line.text))
                #expect(!isTrainingPhrase, "\(line.text) is a training phrase")
            } else {
                // A noisy variant may normalize to a training phrase (that is what normalization is for),
                // but its transcript itself is never one.
                let isTrainingPhrase = rawTraining.contains(line.text.lowercased())
                #expect(!isTrainingPhrase, "\(line.text) is a training phrase")
            }
        }
    }

    @Test("the generated tables in Intents/generated match what ICU answers today")
    func generatedTablesMatchICU() throws {
        let generated = try #require(ChineseTables.source(from: TestEngine.intentsFolder.appendingPathComponent("generated")))
        let icu = ChineseTables.sourceFromICU()
        #expect(generated.pinyin == icu.pinyin)
        #expect(generated.simplified == icu.simplified)
        #expect(generated.latinFolded == icu.latinFolded)
    }

    @Test("no filler word of one language is a word of another language's phrases")
    func fillersDoNotEatOtherLanguagesWords() throws {
        let text = try String(contentsOf: TestEngine.intentsFolder.appendingPathComponent("lexicon/fillers.txt"), encoding: .utf8)
        var wordsByLanguage: [Language: Set<Substring>] = [:]
        for phrase in TestEngine.shared.trainingPhrases {
            wordsByLanguage[phrase.language, default: []].formUnion(phrase.text.lowercased().split { !$0.isLetter })
        }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let language = Language(tag: String(parts[0])) else { continue }
            for filler in parts[1].split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) where filler.unicodeScalars.allSatisfy({ !TextNormalizer.isCJK($0.value) }) {
                let usedBy = wordsByLanguage.filter { $0.key != language && $0.value.contains(Substring(filler)) }.map(\.key.rawValue)
                #expect(usedBy.isEmpty, "filler '\(filler)' (\(language.rawValue)) is a word in \(usedBy)")
            }
        }
    }

    @Test("the generated number words match ICU's spell-out today")
    func generatedNumberWordsMatchICU() throws {
        let generated = try #require(NumberWords.rows(in: TestEngine.intentsFolder.appendingPathComponent("generated")))
        let icu = NumberWords.sourceFromICU(languages: NumberWords.languages(among: TestEngine.shared.languages))
        #expect(generated.map { "\($0.0) \($0.1) \($0.2)" } == icu.map { "\($0.0) \($0.1) \($0.2)" })
    }

    @Test("homophones the recognizer confuses share pinyin", arguments: [("缴", "交"), ("交", "叫"), ("电", "店"), ("电", "点"), ("余", "鱼"), ("額", "鹅")])
    func homophones(first: String, second: String) {
        #expect(TestEngine.shared.pinyin(first) == TestEngine.shared.pinyin(second))
    }
}
