import Foundation
import PayAssistCore

/// Number words of the languages written with words between spaces (and Korean): "двести рублей",
/// "veinte euros", "zweihundertfünfzig Euro", "삼만 원". Their spellings come from ICU's spell-out
/// rules, generated once into Intents/generated/number_words.txt (`payassist intents export
/// --generated-tables`), plus hand-written forms in Intents/lexicon/number_words.txt ("ein", "una").
///
/// Chinese and Japanese numerals have their own rules (`ChineseNumerals`), English its own
/// (`EnglishNumerals`). A run of number words becomes digits only where an amount is expected:
/// before a currency or multiplier word, or in a reply to "how much?", so "pagar una factura" keeps
/// its "una".
struct NumberWords: Sendable {
    /// Normalized number phrases and their values, per language.
    let tables: [Language: PhraseTable<Int64>]

    /// The file under Intents/generated/.
    static let fileName = "number_words.txt"

    /// The languages that get spell-out tables: every language of the data but Chinese, Japanese and English.
    static func languages(among all: [Language]) -> [Language] {
        all.filter { !$0.isChinese && $0 != .ja && $0 != .en }
    }

    /// The values written out: 1-999, whole thousands to 99,000, and ten thousands to 990,000 (Korean
    /// 만: "이십만 원" is 200,000 won).
    static let values: [Int64] = Array(1...999) + (1...99).map { $0 * 1000 } + (1...99).map { $0 * 10_000 }

    /// ICU's spell-out of every value in `values` for each language: (language, value, words).
    static func sourceFromICU(languages: [Language]) -> [(Language, Int64, String)] {
        var rows: [(Language, Int64, String)] = []
        for language in languages {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: language.localeIdentifier)
            formatter.numberStyle = .spellOut
            var seen = Set<String>()
            for value in values {
                guard let words = formatter.string(from: NSNumber(value: value)) else { continue }
                // ICU marks the joints of German and Italian compounds with soft hyphens; people don't type them.
                let typed = String(words.unicodeScalars.filter { $0.value != 0xAD }.map(Character.init))
                if seen.insert(typed).inserted { rows.append((language, value, typed)) }
            }
        }
        return rows
    }

    /// Writes ICU's spellings as Intents/generated/number_words.txt (language, value, words per line).
    static func write(_ rows: [(Language, Int64, String)], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = "# Generated from ICU by `payassist intents export --generated-tables`; do not edit by hand.\n# language<TAB>value<TAB>words\n"
        for (language, value, words) in rows { text += "\(language.rawValue)\t\(value)\t\(words)\n" }
        try Data(text.utf8).write(to: folder.appendingPathComponent(fileName), options: .atomic)
    }

    /// The rows of a generated file; nil when it is missing.
    static func rows(in folder: URL) -> [(Language, Int64, String)]? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
              let text = String(data: data, encoding: .utf8) else { return nil }
        var rows: [(Language, Int64, String)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let language = Language(rawValue: String(fields[0])), let value = Int64(fields[1]) else { continue }
            rows.append((language, value, String(fields[2])))
        }
        return rows
    }

    /// The tables for `languages`: the generated file's rows (ICU's answers when the file is absent or
    /// lacks a language) plus the lexicon's extra forms ("1: un | una | ein", "ru 1000: тысяча").
    static func build(languages: [Language], generatedFolder: URL, extras: [LexiconEntry], normalizer: TextNormalizer,
                      languageOfKey: (String) -> Language?) throws -> NumberWords {
        let wanted = NumberWords.languages(among: languages)
        var rows = NumberWords.rows(in: generatedFolder) ?? []
        let covered = Set(rows.map(\.0))
        let missing = wanted.filter { !covered.contains($0) }
        if !missing.isEmpty { rows += sourceFromICU(languages: missing) }
        var entries: [Language: [([UInt32], Int64)]] = [:]
        for (language, value, words) in rows where wanted.contains(language) {
            entries[language, default: []].append((normalizer.normalizeScalars(words).scalars, value))
        }
        for entry in extras {
            // "1: un | una" (every language) or "ru 1000: тысяча" (one language).
            let parts = entry.key.split(separator: " ")
            guard let value = parts.last.flatMap({ Int64($0) }), value > 0, parts.count <= 2 else {
                throw IntentEngineError.invalidData("number_words.txt: '\(entry.key)' is not 'value' or 'lang value'")
            }
            var targets = wanted
            if parts.count == 2 {
                guard let language = languageOfKey(String(parts[0])) else { throw IntentEngineError.invalidData("number_words.txt: unknown language in '\(entry.key)'") }
                targets = [language]
            }
            for language in targets {
                entries[language, default: []].append(contentsOf: entry.values.map { (normalizer.normalizeScalars($0).scalars, value) })
            }
        }
        return NumberWords(tables: entries.mapValues { PhraseTable($0) })
    }

    /// `scalars` with each run of number words that `isAmount` or `leads` accepts replaced by its digits.
    /// A run is consecutive number phrases, each smaller than the one before ("две тысячи пятьсот",
    /// "doscientos cincuenta", "삼만오천"); `isAmount` gets the digits followed by the text after the
    /// run, and the index where that text starts; `leads` gets the run's start in `scalars`.
    func rewrite(_ scalars: [UInt32], language: Language, isAmount: (_ end: Int, _ following: [UInt32]) -> Bool,
                 precededBy leads: (_ start: Int, _ scalars: [UInt32]) -> Bool) -> [UInt32] {
        guard let table = tables[language] else { return scalars }
        var output: [UInt32] = []
        var index = 0
        var changed = false
        while index < scalars.count {
            // After digits ("5 mil pesos", "2 тысячи") the word is a multiplier, not a number of its own.
            let afterDigits = index > 0 && (ChineseNumerals.isASCIIDigit(scalars[index - 1]) || (scalars[index - 1] == 32 && index > 1 && ChineseNumerals.isASCIIDigit(scalars[index - 2])))
            guard !afterDigits, let first = table.match(startingAt: index, in: scalars) ?? gluedFirst(at: index, in: scalars, table: table) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var total = first.payload
            var last = first.payload
            var end = first.end
            while true {
                let next = end < scalars.count && scalars[end] == 32 ? end + 1 : end
                guard let more = table.match(startingAt: next, in: scalars, afterWord: next == end), more.payload < smallestPlace(of: last) else { break }
                total += more.payload
                last = more.payload
                end = more.end
            }
            let digits = Array(String(total).unicodeScalars.map(\.value))
            // The check sees the digits in place, so "삼만원" is judged as "30000원" (a currency word
            // right after Hangul numerals has no word boundary before it).
            if leads(index, scalars) || isAmount(digits.count, digits + scalars[end..<min(scalars.count, end + 24)]) {
                output.append(contentsOf: digits)
                changed = true
            } else {
                output.append(contentsOf: scalars[index..<end])
            }
            index = end
        }
        return changed ? output : scalars
    }

    /// The first part of a compound of number words glued together that the table has only in
    /// parts ("hundert|zwanzig", "zweitausend|fünfhundert"): a phrase followed, inside the same
    /// word, by a smaller one.
    private func gluedFirst(at index: Int, in scalars: [UInt32], table: PhraseTable<Int64>) -> (end: Int, payload: Int64)? {
        guard let first = table.match(startingAt: index, in: scalars, openEnd: true), first.end < scalars.count,
              let more = table.match(startingAt: first.end, in: scalars, afterWord: true), more.payload < smallestPlace(of: first.payload) else { return nil }
        return first
    }

    /// The place of a value's lowest non-zero digit (2000 → 1000, 250 → 10, 7 → 1): what may follow it.
    private func smallestPlace(of value: Int64) -> Int64 {
        var place: Int64 = 1
        var rest = value
        while rest > 0 && rest % 10 == 0 {
            rest /= 10
            place *= 10
        }
        return place
    }
}
