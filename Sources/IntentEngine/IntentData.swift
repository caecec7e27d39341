import Foundation
import PayAssistCore
import Synchronization

/// One training phrase from Intents/phrases/<lang>/<intent>.txt.
public struct TrainingPhrase: Sendable, Hashable {
    /// The language folder it came from.
    public let language: Language
    /// The intent file it came from.
    public let intent: IntentName
    /// The phrase, after expanding "(a|b)" alternatives.
    public let text: String
    /// Where it came from ("zh-Hans/pay_bill.txt:12"); every expansion of one line shares it.
    public let source: String
}

/// A high-precision pattern from Intents/patterns/<lang>.txt.
struct IntentPattern: Sendable {
    enum Kind: Sendable { case exact, prefix, suffix, contains }
    let language: Language
    let intent: IntentName
    let kind: Kind
    let phrase: String
}

/// One "key: a | b | c" line of a lexicon file.
struct LexiconEntry: Sendable {
    let key: String
    let values: [String]
}

/// The reviewable data in Intents/, parsed: phrases, patterns, lexicons and calibration.
///
/// Layout (see Intents/README.md): `phrases/<lang>/<intent>.txt` (one phrase a line, `#` comments,
/// `(a|b|)` alternatives), `patterns/<lang>.txt` (`intent: phrase`, `*` for any text at either end),
/// `lexicon/*.txt` (`key: word | word`), `calibration.json`.
struct IntentData: Sendable {
    /// The languages with a phrases folder: the product's languages in their order, then others by tag.
    let languages: [Language]
    /// The intents with a phrase file in some language: the standard ones in their order, then others by name.
    let intents: [IntentName]
    let phrases: [TrainingPhrase]
    let patterns: [IntentPattern]
    let lexicons: [String: [LexiconEntry]]
    let calibration: Calibration
    /// The folder it was read from (Intents/).
    let folder: URL

    /// The most variants one line may expand to; beyond that every k-th variant is kept.
    static let maxExpansions = 48

    /// Entries of lexicon/<name>.txt (empty when the file is absent).
    func lexicon(_ name: String) -> [LexiconEntry] { lexicons[name] ?? [] }

    /// The data's languages plus the product's reply languages: every language a caller may name.
    var knownLanguages: [Language] { languages + Language.allCases.filter { !languages.contains($0) } }

    /// Parses a language tag in a lexicon key: leniently among the known languages, else any well-formed tag.
    func language(fromLexiconKey tag: String) -> Language? {
        Language(tag: tag, among: knownLanguages) ?? Language(rawValue: tag)
    }

    /// Reads a whole Intents/ folder.
    static func load(from folder: URL) throws -> IntentData {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IntentEngineError.invalidData("no intents folder at \(folder.path)")
        }
        let phraseRoot = folder.appendingPathComponent("phrases")
        let languageFolders = ((try? fileManager.contentsOfDirectory(atPath: phraseRoot.path)) ?? []).filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".") && fileManager.fileExists(atPath: phraseRoot.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        var languages: [Language] = []
        for name in languageFolders {
            guard let language = Language(rawValue: name), language.rawValue == name else {
                throw IntentEngineError.invalidData("phrases/\(name): a language folder must be named by its BCP-47 tag (zh-Hans, en, it, pt-BR)")
            }
            languages.append(language)
        }
        languages.sort()
        // Each language folder reads and expands on its own: spread them over the cores, then join in
        // language order, so the result (and the first error) is the same as a sequential pass.
        let ordered = languages
        let loaded = Mutex([Result<[TrainingPhrase], any Error>?](repeating: nil, count: ordered.count))
        DispatchQueue.concurrentPerform(iterations: ordered.count) { index in
            let result = Result { try loadPhrases(of: ordered[index], from: phraseRoot) }
            loaded.withLock { $0[index] = result }
        }
        var phrases: [TrainingPhrase] = []
        for result in loaded.withLock({ $0 }) { try phrases.append(contentsOf: result!.get()) }
        let intents = Set(phrases.map(\.intent))
        guard !phrases.isEmpty else { throw IntentEngineError.invalidData("no phrases under \(phraseRoot.path)") }
        guard intents.contains(.outOfScope) else {
            throw IntentEngineError.invalidData("no out_of_scope.txt in any phrases/<lang>/ folder: rejection needs out-of-scope examples")
        }

        var patterns: [IntentPattern] = []
        let patternRoot = folder.appendingPathComponent("patterns")
        for file in ((try? fileManager.contentsOfDirectory(atPath: patternRoot.path)) ?? []).sorted() where file.hasSuffix(".txt") {
            let tag = String(file.dropLast(4))
            guard let language = languages.first(where: { $0.rawValue == tag }) else {
                throw IntentEngineError.invalidData("patterns/\(file): no phrases/\(tag)/ folder for this language")
            }
            for line in try lines(of: patternRoot.appendingPathComponent(file)) {
                guard let colon = line.firstIndex(of: ":"), let intent = IntentName(rawValue: line[..<colon].trimmingCharacters(in: .whitespaces)) else {
                    throw IntentEngineError.invalidData("patterns/\(file): '\(line)' is not 'intent: phrase'")
                }
                guard intents.contains(intent) else {
                    throw IntentEngineError.invalidData("patterns/\(file): '\(intent.rawValue)' has no phrases; add phrases/<lang>/\(intent.rawValue).txt")
                }
                var phrase = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                let leading = phrase.hasPrefix("*")
                let trailing = phrase.hasSuffix("*") && phrase.count > 1
                phrase = phrase.trimmingCharacters(in: CharacterSet(charactersIn: "* "))
                let kind: IntentPattern.Kind = leading && trailing ? .contains : leading ? .suffix : trailing ? .prefix : .exact
                patterns.append(IntentPattern(language: language, intent: intent, kind: kind, phrase: phrase))
            }
        }

        var lexicons: [String: [LexiconEntry]] = [:]
        let lexiconRoot = folder.appendingPathComponent("lexicon")
        for file in ((try? fileManager.contentsOfDirectory(atPath: lexiconRoot.path)) ?? []).sorted() where file.hasSuffix(".txt") {
            var entries: [LexiconEntry] = []
            for line in try lines(of: lexiconRoot.appendingPathComponent(file)) {
                guard let colon = line.firstIndex(of: ":") else {
                    throw IntentEngineError.invalidData("lexicon/\(file): '\(line)' is not 'key: a | b'")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let values = line[line.index(after: colon)...].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                entries.append(LexiconEntry(key: key, values: values))
            }
            lexicons[String(file.dropLast(4))] = entries
        }
        let calibrationFile = folder.appendingPathComponent("calibration.json")
        let calibration: Calibration
        if fileManager.fileExists(atPath: calibrationFile.path) {
            do {
                calibration = try JSONDecoder().decode(Calibration.self, from: Data(contentsOf: calibrationFile))
            } catch {
                throw IntentEngineError.invalidData("calibration.json: \(error)")
            }
        } else {
            calibration = Calibration.default
        }
        return IntentData(languages: languages, intents: intents.sorted(), phrases: phrases, patterns: patterns, lexicons: lexicons, calibration: calibration, folder: folder)
    }

    /// The phrases of one language folder, file by file in name order.
    static func loadPhrases(of language: Language, from phraseRoot: URL) throws -> [TrainingPhrase] {
        let languageFolder = phraseRoot.appendingPathComponent(language.rawValue)
        var phrases: [TrainingPhrase] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: languageFolder.path).sorted() where file.hasSuffix(".txt") {
            guard let intent = IntentName(rawValue: String(file.dropLast(4))) else {
                throw IntentEngineError.invalidData("phrases/\(language.rawValue)/\(file): an intent file must be named by the intent in snake_case (pay_bill.txt)")
            }
            for (number, line) in try lines(of: languageFolder.appendingPathComponent(file)).enumerated() {
                let source = "\(language.rawValue)/\(file):\(number + 1)"
                for text in try expand(line, file: file) {
                    phrases.append(TrainingPhrase(language: language, intent: intent, text: text, source: source))
                }
            }
        }
        return phrases
    }

    /// Non-empty, non-comment lines of a UTF-8 file, trimmed.
    static func lines(of file: URL) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw IntentEngineError.invalidData("cannot read \(file.lastPathComponent) as UTF-8")
        }
        // Scalar by scalar: the same lines and trimming as splitting on `isNewline` and trimming
        // `.whitespaces`, without walking grapheme clusters (a tenth of start-up before).
        var lines: [String] = []
        let scalars = text.unicodeScalars
        var lineStart = scalars.startIndex
        func take(_ end: String.UnicodeScalarView.Index) {
            var lower = lineStart
            var upper = end
            while lower < upper && isBlank(scalars[lower]) { lower = scalars.index(after: lower) }
            while upper > lower && isBlank(scalars[scalars.index(before: upper)]) { upper = scalars.index(before: upper) }
            guard lower < upper else { return }
            let line = String(scalars[lower..<upper])
            if !line.hasPrefix("#") { lines.append(line) }
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if isLineBreak(scalar) {
                take(index)
                // "\r\n" is one break.
                lineStart = scalar == "\r" && next < scalars.endIndex && scalars[next] == "\n" ? scalars.index(after: next) : next
                index = lineStart
            } else {
                index = next
            }
        }
        take(scalars.endIndex)
        return lines
    }

    /// Line breaks as `Character.isNewline` knows them: LF, VT, FF, CR, NEL, LS, PS.
    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// The blanks `CharacterSet.whitespaces` trims: tab and the space separators (Zs).
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }

    /// Expands "(a|b|)" groups into every combination (an empty option drops the group),
    /// keeping at most `maxExpansions` evenly spread variants. Only the kept combinations are built:
    /// combination k is decoded from k like a number whose digits are the options of each group.
    static func expand(_ line: String, file: String) throws -> [String] {
        // Most lines (natural chat) have no groups and single spaces: they are their own expansion.
        if !line.utf8.contains(UInt8(ascii: "(")) && !line.contains("  ") && line.first != " " && line.last != " " {
            return line.isEmpty ? [] : [line]
        }
        var literals: [String] = []
        var groups: [[String]] = []
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "(") {
            guard let close = rest[open...].firstIndex(of: ")") else {
                throw IntentEngineError.invalidData("\(file): unbalanced '(' in '\(line)'")
            }
            literals.append(String(rest[..<open]))
            groups.append(rest[rest.index(after: open)..<close].split(separator: "|", omittingEmptySubsequences: false).map(String.init))
            rest = rest[rest.index(after: close)...]
        }
        literals.append(String(rest))
        var total = 1
        for group in groups { total = min(total * max(1, group.count), 1 << 40) }
        let indices: [Int]
        if total > maxExpansions {
            let stride = Double(total) / Double(maxExpansions)
            indices = (0..<maxExpansions).map { Int(Double($0) * stride) }
        } else {
            indices = Array(0..<total)
        }
        var seen = Set<String>()
        var variants: [String] = []
        for combination in indices {
            // The first group varies slowest, as in a nested loop over the groups in order.
            var remainder = combination
            var choices = [Int](repeating: 0, count: groups.count)
            for position in stride(from: groups.count - 1, through: 0, by: -1) {
                let count = max(1, groups[position].count)
                choices[position] = remainder % count
                remainder /= count
            }
            var text = literals[0]
            for (position, group) in groups.enumerated() {
                text += group.isEmpty ? "" : group[choices[position]]
                text += literals[position + 1]
            }
            let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if !collapsed.isEmpty && seen.insert(collapsed).inserted { variants.append(collapsed) }
        }
        return variants
    }
}
