import Foundation

/// Counts of the scripts in an utterance, for language detection.
struct ScriptCounts: Sendable, Equatable {
    var han = 0
    var kana = 0
    var hangul = 0
    var cyrillic = 0
    var latin = 0
    /// Letters of any other script (Greek, Arabic, Thai, ...), for languages added in data.
    var other = 0
    var digits = 0

    var letters: Int { han + kana + hangul + cyrillic + latin + other }
}

/// An utterance after normalization, as scalar values plus what was noticed on the way.
struct NormalizedUtterance: Sendable {
    /// Normalized scalar values (single spaces, no spaces between CJK characters).
    var scalars: [UInt32]
    /// True when Traditional characters were converted to Simplified.
    var hadTraditional: Bool
    /// Script counts of the normalized text.
    var scripts: ScriptCounts

    /// The normalized text as a string.
    var text: String {
        var string = String.UnicodeScalarView()
        string.append(contentsOf: scalars.compactMap(Unicode.Scalar.init))
        return String(string)
    }
}

/// Turns raw transcripts and chat text into one canonical form so that variants match:
/// NFKC (full-width to half-width), case folding, Traditional to Simplified, accent folding of
/// Latin letters, punctuation and control characters to spaces, filler words dropped
/// ("嗯", "那个", "um"), and Chinese numerals to digits. `pinyin(of:)` gives the toneless
/// pinyin the classifier uses so homophone errors (缴/交/叫, 电费/点费) still match.
public struct TextNormalizer: Sendable {
    let tables: ChineseTables
    /// Fillers written in Han or kana, removed wherever they occur (scalar sequences).
    let inlineFillers: [[UInt32]]
    /// Fillers in space-separated scripts, removed as whole words.
    let wordFillers: Set<[UInt32]>
    /// Currency signs kept as they are (they mark amounts): the common ones plus every one-character
    /// symbol of lexicon/currencies.txt ("₹").
    let currencySigns: Set<UInt32>

    /// A normalizer dropping `fillers` and keeping `signs` (one-character currency symbols) besides the common ones.
    init(tables: ChineseTables, fillers: [String], currencySigns signs: [String] = []) {
        self.tables = tables
        var keep = TextNormalizer.commonCurrencySigns
        for sign in signs where sign.unicodeScalars.count == 1 {
            let scalar = sign.unicodeScalars.first!
            if !scalar.properties.isAlphabetic && scalar.properties.numericType == nil { keep.insert(scalar.value) }
        }
        self.currencySigns = keep
        var inline: [[UInt32]] = []
        var words = Set<[UInt32]>()
        let plain = TextNormalizer(tables: tables, inlineFillers: [], wordFillers: [], currencySigns: keep)
        for filler in fillers {
            let normalized = plain.normalizeScalars(filler).scalars
            guard !normalized.isEmpty else { continue }
            if normalized.allSatisfy({ TextNormalizer.isCJK($0) }) {
                inline.append(normalized)
            } else {
                words.insert(normalized)
            }
        }
        // Longest first, so "我跟你说" goes before "说".
        self.inlineFillers = inline.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        self.wordFillers = words
    }

    private init(tables: ChineseTables, inlineFillers: [[UInt32]], wordFillers: Set<[UInt32]>, currencySigns: Set<UInt32>) {
        self.tables = tables
        self.inlineFillers = inlineFillers
        self.wordFillers = wordFillers
        self.currencySigns = currencySigns
    }

    /// The normalized form of `text` (see the type's summary).
    public func normalize(_ text: String) -> String { normalizeScalars(text).text }

    /// Toneless pinyin of the Han characters in `text` ("交电费" gives "jiao dian fei"),
    /// with the fuzzy merges of `ChineseTables.fuzzySyllable` (zh/z, ch/c, sh/s, -ng/-n, n/l).
    public func pinyin(of text: String) -> String { tables.pinyin(of: text) }

    /// Currency signs every normalizer keeps ($ € ¥ £ ₩ ₽ ₣).
    static let commonCurrencySigns: Set<UInt32> = [0x24, 0x20AC, 0xA5, 0xA3, 0x20A9, 0x20BD, 0x20A3]

    @inline(__always) static func isHan(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) || (value >= 0xF900 && value <= 0xFAFF)
    }

    @inline(__always) static func isKana(_ value: UInt32) -> Bool { value >= 0x3040 && value <= 0x30FF }

    @inline(__always) static func isHangul(_ value: UInt32) -> Bool {
        (value >= 0xAC00 && value <= 0xD7AF) || (value >= 0x1100 && value <= 0x11FF) || (value >= 0x3130 && value <= 0x318F)
    }

    /// Han or kana: scripts written without spaces between words.
    @inline(__always) static func isCJK(_ value: UInt32) -> Bool { isHan(value) || isKana(value) }

    /// Lower-case Latin letters, with accents (Latin-1 to Extended-B, and Vietnamese's Extended Additional).
    @inline(__always) static func isLatinLetter(_ value: UInt32) -> Bool {
        (value >= 97 && value <= 122) || (value >= 0xC0 && value < 0x250) || (value >= 0x1E00 && value <= 0x1EFF)
    }

    /// Cyrillic letters.
    @inline(__always) static func isCyrillic(_ value: UInt32) -> Bool { value >= 0x400 && value <= 0x4FF }

    /// A letter of a script other than Latin, Cyrillic, Han, kana and Hangul (Greek, Arabic, Thai, ...).
    static func isOtherLetter(_ value: UInt32) -> Bool {
        guard value >= 0x370, !isCyrillic(value), !isCJK(value), !isHangul(value), !isLatinLetter(value),
              let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isAlphabetic
    }

    /// A letter of a script that separates words with spaces (Latin, Cyrillic and the other alphabets).
    @inline(__always) static func isSpacedScriptLetter(_ value: UInt32) -> Bool {
        isLatinLetter(value) || isCyrillic(value) || (value >= 0x370 && isOtherLetter(value))
    }

    /// The full normalization pipeline on scalars.
    func normalizeScalars(_ text: String) -> NormalizedUtterance {
        // NFKC leaves ASCII as it is: most training phrases and chat messages skip the Unicode tables.
        let folded = text.utf8.allSatisfy({ $0 < 0x80 }) ? text.lowercased() : text.precomposedStringWithCompatibilityMapping.lowercased()
        var scalars: [UInt32] = []
        scalars.reserveCapacity(folded.unicodeScalars.count)
        var hadTraditional = false
        for scalar in folded.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (value >= 97 && value <= 122) || (value >= 48 && value <= 57) || value == 0x24 {
                    scalars.append(value)
                } else if value == 46 || value == 58 || value == 44 || value == 126 {   // . : , ~ kept for numbers; checked below
                    scalars.append(value)
                } else {
                    appendSpace(&scalars)
                }
            } else if TextNormalizer.isHan(value) {
                let simple = tables.simplify(value)
                if simple != value { hadTraditional = true }
                scalars.append(simple)
            } else if currencySigns.contains(value) {
                scalars.append(value)
            } else if scalar.properties.isAlphabetic {
                var mapped = tables.foldLatin(value)
                if mapped == 0x451 { mapped = 0x435 }   // ё -> е
                scalars.append(mapped)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else {
                appendSpace(&scalars)
            }
        }
        // '.', ':', ',' and '~' survive only between digits ("120.5", "21:30", "1,200", "100~200").
        for index in scalars.indices where scalars[index] == 46 || scalars[index] == 58 || scalars[index] == 44 || scalars[index] == 126 {
            let before = index > 0 && ChineseNumerals.isASCIIDigit(scalars[index - 1])
            let after = index + 1 < scalars.count && ChineseNumerals.isASCIIDigit(scalars[index + 1])
            if !(before && after) { scalars[index] = 32 }
        }
        scalars = removeFillers(scalars)
        scalars = ChineseNumerals.convert(finish(scalars, hadTraditional: false).scalars)
        if EnglishNumerals.containsNumberWord(scalars) {
            // English number words ("fifty dollars"): rare, so only texts with one pay for the string work.
            let text = NormalizedUtterance(scalars: scalars, hadTraditional: false, scripts: ScriptCounts()).text
            let converted = EnglishNumerals.convert(text)
            if converted != text { scalars = converted.unicodeScalars.map(\.value) }
        }
        return finish(scalars, hadTraditional: hadTraditional)
    }

    @inline(__always) private func appendSpace(_ scalars: inout [UInt32]) {
        if let last = scalars.last, last != 32 { scalars.append(32) }
    }

    /// Drops filler words: CJK ones wherever they occur, others as whole words.
    private func removeFillers(_ scalars: [UInt32]) -> [UInt32] {
        var result = scalars
        if !inlineFillers.isEmpty {
            var output: [UInt32] = []
            output.reserveCapacity(result.count)
            var index = 0
            outer: while index < result.count {
                let value = result[index]
                if TextNormalizer.isCJK(value) {
                    for filler in inlineFillers where filler[0] == value && index + filler.count <= result.count {
                        var matches = true
                        for offset in 1..<filler.count where result[index + offset] != filler[offset] {
                            matches = false
                            break
                        }
                        if matches {
                            index += filler.count
                            output.append(32)
                            continue outer
                        }
                    }
                }
                output.append(value)
                index += 1
            }
            result = output
        }
        if !wordFillers.isEmpty {
            var output: [UInt32] = []
            output.reserveCapacity(result.count)
            var start = 0
            while start < result.count {
                var end = start
                while end < result.count && result[end] != 32 { end += 1 }
                let word = Array(result[start..<end])
                if !wordFillers.contains(word) {
                    output.append(contentsOf: word)
                }
                if end < result.count { output.append(32) }
                start = end + 1
            }
            result = output
        }
        return result
    }

    /// Collapses spaces, drops spaces between CJK characters, trims, and counts scripts.
    private func finish(_ scalars: [UInt32], hadTraditional: Bool) -> NormalizedUtterance {
        var output: [UInt32] = []
        output.reserveCapacity(scalars.count)
        var counts = ScriptCounts()
        var pendingSpace = false
        for value in scalars {
            if value == 32 {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                if let last = output.last, TextNormalizer.isCJK(last) && TextNormalizer.isCJK(value)
                    && !(ChineseNumerals.isNumeralScalar(last) && ChineseNumerals.isNumeralScalar(value)) {
                    // no space inside Chinese or Japanese text, except between two numerals: "一百八十三块六
                    // 一次性补上" is 183.60 and then "all at once", not 183 and 61
                } else {
                    output.append(32)
                }
                pendingSpace = false
            }
            output.append(value)
            if TextNormalizer.isHan(value) { counts.han += 1 }
            else if TextNormalizer.isKana(value) { counts.kana += 1 }
            else if TextNormalizer.isHangul(value) { counts.hangul += 1 }
            else if TextNormalizer.isCyrillic(value) { counts.cyrillic += 1 }
            else if TextNormalizer.isLatinLetter(value) { counts.latin += 1 }
            else if ChineseNumerals.isASCIIDigit(value) { counts.digits += 1 }
            else if TextNormalizer.isOtherLetter(value) { counts.other += 1 }
        }
        return NormalizedUtterance(scalars: output, hadTraditional: hadTraditional, scripts: counts)
    }
}
