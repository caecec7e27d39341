import Foundation
import PayAssistCore

/// A currency word from Intents/lexicon/currencies.txt: which currency, and how many of it make
/// one major unit (10 for 毛/角, which are tenths of a yuan).
struct CurrencyWord: Sendable {
    let currency: Currency
    let divisor: Int64
}

/// A word that shapes a time of day (Intents/lexicon/times.txt).
enum TimeWord: String, Sendable {
    /// "点", "时", "uhr", "o'clock": follows the hour.
    case hour
    /// "半", "반": thirty minutes.
    case half
    /// "分", "분", "min": follows the minutes.
    case minute
    /// Morning words ("早上", "am", "du matin").
    case am
    /// Afternoon and evening words ("晚上", "pm", "abends").
    case pm
    /// Noon words ("中午"): 1 o'clock means 13:00.
    case noon
    /// Words that mean 12:00 even without a number ("noon", "正午", "midi"); otherwise like `noon`.
    case midday
    /// Words before a bare hour ("at", "a las", "um", "в").
    case lead
    /// Half an hour before the hour that follows (German "halb neun" is 8:30).
    case halfBefore
    /// Half an hour after the hour that follows ("half past nine" is 9:30).
    case halfPast
    /// A quarter hour after the hour that follows ("quarter past nine", "Viertel nach neun").
    case quarterPast
    /// A quarter hour before the hour that follows ("quarter to nine", "Viertel vor neun" is 8:45).
    case quarterTo
    /// A quarter hour after the hour before it ("neuf heures et quart", "las nueve y cuarto").
    case quarter
    /// A quarter hour before the hour before it ("neuf heures moins le quart" is 8:45).
    case quarterLess

    /// For a word before the hour: hours to add to the hour and the minutes ("quarter to nine" is -1, 45).
    var clockBeforeHour: (hourOffset: Int, minute: Int)? {
        switch self {
        case .halfBefore: (-1, 30)
        case .halfPast: (0, 30)
        case .quarterPast: (0, 15)
        case .quarterTo: (-1, 45)
        default: nil
        }
    }

    /// For a word after the hour (or its hour word): hours to add and the minutes ("y cuarto" is 0, 15).
    var clockAfterHour: (hourOffset: Int, minute: Int)? {
        switch self {
        case .half: (0, 30)
        case .quarter: (0, 15)
        case .quarterLess: (-1, 45)
        default: nil
        }
    }
}

/// The slot vocabularies, normalized and indexed for fast matching.
struct SlotLexicon: Sendable {
    /// Currency words per language (language-specific entries override shared ones, e.g. ¥ in ja).
    let currencies: [Language: PhraseTable<CurrencyWord>]
    /// Verbs after which a bare number is an amount ("交200", "pay 50").
    let payVerbs: PhraseTable<Bool>
    /// Words between a pay verb and a bare number that lead in the amount ("pay the 200", "put another 300").
    let amountLeadIns: PhraseTable<Bool>
    /// Words right after a bare number that make it the amount to pay ("150够她用", "120直接打进去", "50 should cover it").
    let amountClosers: PhraseTable<Bool>
    /// Words that open a new clause after "86 yuan 50", so the two digits are the amount's cents.
    let clauseOpeners: PhraseTable<Bool>
    /// Words after an amount that take it back, so the next amount counts ("100元じゃなくて200元").
    let amountCorrections: PhraseTable<Bool>
    /// Words right before a number that take it back ("不是一百 是一百五", "not 200, make it 300").
    let amountNegations: PhraseTable<Bool>
    /// Words before a number that say what it counts ("flat 12", "floor 3"): not a bare amount.
    let numberLabels: PhraseTable<Bool>
    /// Words shortly before an amount that say it is what a meter or account shows ("余额4.3元", "saldo 1.50").
    let readingMarkers: PhraseTable<Bool>
    /// Words that make what a reading marker shows the amount owed, which is money to pay ("la facture
    /// affiche 642 yuans", "пишет долг 455 юаней"): key `bill` of lexicon/reading_markers.txt.
    let billWords: PhraseTable<Bool>
    /// Words right after a number that make it a guess ("一百多块", "十来块", "100-odd"), not an amount
    /// to pay; payload false for words that only start like one ("100来着", "100余额").
    let approximateAfter: PhraseTable<Bool>
    /// Words right before a number that make it a guess ("几十块", "数千円").
    let approximateBefore: PhraseTable<Bool>
    /// Words between two numbers that make them a range ("100到200", "100 or 150"), so neither is the amount.
    let rangeWords: PhraseTable<Bool>
    /// Relative months ("上个月" is -1).
    let relativeMonths: PhraseTable<Int>
    /// Relative years for a month named without a year ("去年" is -1).
    let relativeYears: PhraseTable<Int>
    /// Month names per language from the locale data plus Intents/lexicon/months.txt.
    let monthNames: [Language: PhraseTable<Int>]
    /// Time-of-day words.
    let timeWords: PhraseTable<TimeWord>
    /// Language names in every language.
    let languageNames: PhraseTable<Language>
    /// Words right before (`true`) or after (`false`) the name of the language a customer wants
    /// ("switch to Chinese", "한국어로"), from lexicon/language_markers.txt.
    let languageMarkers: PhraseTable<Bool>
    /// Words after a number that make it something other than an amount (months, hours, kWh): `true`;
    /// `false` for words that only start like one (点费, 电费 misheard, is no o'clock).
    let nonAmountUnits: PhraseTable<Bool>
    /// Number words of the spaced-script languages and Korean ("двести", "veinte", "삼만").
    let numberWords: NumberWords
    /// Words after a number that multiply it ("тыс", "mil", "k"), from lexicon/multipliers.txt.
    let multipliers: PhraseTable<Int64>
    /// Languages whose locale groups thousands with a space ("2 000 руб", "1 500 €"), from the locale data.
    let spaceGroupingLanguages: Set<Language>
    /// Languages whose locale writes a decimal comma ("12,50 €"), from the locale data.
    let commaDecimalLanguages: Set<Language>
    /// Languages whose locale groups thousands with a dot ("1.000"), from the locale data.
    let dotGroupingLanguages: Set<Language>

    init(data: IntentData, normalizer: TextNormalizer) throws {
        func norm(_ text: String) -> [UInt32] { normalizer.normalizeScalars(text).scalars }
        var shared: [([UInt32], CurrencyWord)] = []
        var perLanguage: [Language: [([UInt32], CurrencyWord)]] = [:]
        for entry in data.lexicon("currencies") {
            // Key forms: "CNY", "CNY/10" (tenths), "JPY@ja" (only in Japanese), "CNY/10@zh-Hans".
            var key = entry.key
            var language: Language?
            if let at = key.firstIndex(of: "@") {
                let tag = String(key[key.index(after: at)...])
                guard let parsed = data.language(fromLexiconKey: tag) else { throw IntentEngineError.invalidData("currencies.txt: unknown language \(tag)") }
                language = parsed
                key = String(key[..<at])
            }
            var divisor: Int64 = 1
            if let slash = key.firstIndex(of: "/") {
                divisor = Int64(key[key.index(after: slash)...]) ?? 1
                key = String(key[..<slash])
            }
            guard let currency = Currency(code: key) else { throw IntentEngineError.invalidData("currencies.txt: unknown currency \(key)") }
            let word = CurrencyWord(currency: currency, divisor: divisor)
            for phrase in entry.values {
                let scalars = norm(phrase)
                if let language { perLanguage[language, default: []].append((scalars, word)) } else { shared.append((scalars, word)) }
            }
        }
        var currencies: [Language: PhraseTable<CurrencyWord>] = [:]
        let languages = data.knownLanguages
        for language in languages {
            let overrides = perLanguage[language] ?? []
            let overridden = Set(overrides.map(\.0))
            currencies[language] = PhraseTable(overrides + shared.filter { !overridden.contains($0.0) })
        }
        self.currencies = currencies
        // Word lists: every phrase of every language in the file, normalized.
        func words(_ entries: [LexiconEntry]) -> PhraseTable<Bool> {
            PhraseTable(entries.flatMap { entry in entry.values.map { (norm($0), true) } })
        }
        func words(_ name: String) -> PhraseTable<Bool> { words(data.lexicon(name)) }
        payVerbs = words("pay_verbs")
        amountLeadIns = words("amount_lead_ins")
        amountClosers = words("amount_closers")
        clauseOpeners = words("clause_openers")
        amountCorrections = words("amount_corrections")
        amountNegations = words("amount_negations")
        numberLabels = words("number_labels")
        let readings = data.lexicon("reading_markers")
        readingMarkers = words(readings.filter { $0.key != "bill" })
        billWords = words(readings.filter { $0.key == "bill" })
        nonAmountUnits = PhraseTable(data.lexicon("non_amount_units").flatMap { entry in entry.values.map { (norm($0), entry.key != "not") } })
        numberWords = try NumberWords.build(languages: data.languages, generatedFolder: data.folder.appendingPathComponent("generated"),
                                            extras: data.lexicon("number_words"), normalizer: normalizer, languageOfKey: data.language(fromLexiconKey:))
        multipliers = PhraseTable(try data.lexicon("multipliers").flatMap { entry -> [([UInt32], Int64)] in
            guard let factor = Int64(entry.key), factor > 1 else { throw IntentEngineError.invalidData("multipliers.txt: '\(entry.key)' is not a whole number above 1") }
            return entry.values.map { (norm($0), factor) }
        })
        let approximate = data.lexicon("approximate_markers")
        if let unknown = approximate.first(where: { !["after", "before", "not", "between"].contains($0.key) }) {
            throw IntentEngineError.invalidData("approximate_markers.txt: '\(unknown.key)' is not after, before, not or between")
        }
        rangeWords = words(approximate.filter { $0.key == "between" })
        approximateAfter = PhraseTable(approximate.filter { $0.key == "after" || $0.key == "not" }.flatMap { entry in entry.values.map { (norm($0), entry.key == "after") } })
        approximateBefore = words(approximate.filter { $0.key == "before" })
        relativeMonths = PhraseTable(try data.lexicon("periods").flatMap { entry -> [([UInt32], Int)] in
            guard let offset = Int(entry.key) else { throw IntentEngineError.invalidData("periods.txt: '\(entry.key)' is not a month offset") }
            return entry.values.map { (norm($0), offset) }
        })
        relativeYears = PhraseTable(try data.lexicon("years").flatMap { entry -> [([UInt32], Int)] in
            guard let offset = Int(entry.key) else { throw IntentEngineError.invalidData("years.txt: '\(entry.key)' is not a year offset") }
            return entry.values.map { (norm($0), offset) }
        })
        timeWords = PhraseTable(try data.lexicon("times").flatMap { entry -> [([UInt32], TimeWord)] in
            guard let kind = TimeWord(rawValue: entry.key) else { throw IntentEngineError.invalidData("times.txt: unknown kind '\(entry.key)'") }
            return entry.values.map { (norm($0), kind) }
        })
        languageMarkers = PhraseTable(try data.lexicon("language_markers").flatMap { entry -> [([UInt32], Bool)] in
            guard entry.key == "before" || entry.key == "after" else { throw IntentEngineError.invalidData("language_markers.txt: '\(entry.key)' is not before or after") }
            return entry.values.map { (norm($0), entry.key == "before") }
        })
        languageNames = PhraseTable(try data.lexicon("languages").flatMap { entry -> [([UInt32], Language)] in
            guard let language = data.language(fromLexiconKey: entry.key) else { throw IntentEngineError.invalidData("languages.txt: '\(entry.key)' is not a language tag") }
            return entry.values.map { (norm($0), language) }
        })
        var months: [Language: [([UInt32], Int)]] = [:]
        for language in languages where !language.isChinese && language != .ja && language != .ko {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language.localeIdentifier)
            let lists = [formatter.monthSymbols, formatter.standaloneMonthSymbols, formatter.shortMonthSymbols, formatter.shortStandaloneMonthSymbols]
            for list in lists {
                for (index, name) in list.enumerated() {
                    let scalars = norm(name)
                    // Short forms shorter than 3 letters and the English modal "may" are too ambiguous alone.
                    guard scalars.count >= 3, !(language == .en && name.lowercased() == "may") else { continue }
                    months[language, default: []].append((scalars, index + 1))
                }
            }
        }
        for entry in data.lexicon("months") {
            // "ru 3: марте | марта": extra inflected forms.
            let parts = entry.key.split(separator: " ")
            guard parts.count == 2, let language = data.language(fromLexiconKey: String(parts[0])), let month = Int(parts[1]), (1...12).contains(month) else {
                throw IntentEngineError.invalidData("months.txt: bad key '\(entry.key)'")
            }
            months[language, default: []].append(contentsOf: entry.values.map { (norm($0), month) })
        }
        var monthTables: [Language: PhraseTable<Int>] = [:]
        for language in languages { monthTables[language] = PhraseTable(months[language] ?? []) }
        monthNames = monthTables
        var commaDecimal = Set<Language>()
        var dotGrouping = Set<Language>()
        var spaceGrouping = Set<Language>()
        for language in languages where !language.isChinese {
            let locale = Locale(identifier: language.localeIdentifier)
            if locale.decimalSeparator == "," { commaDecimal.insert(language) }
            if locale.groupingSeparator == "." { dotGrouping.insert(language) }
            if let separator = locale.groupingSeparator?.unicodeScalars.first, separator.properties.isWhitespace { spaceGrouping.insert(language) }
        }
        commaDecimalLanguages = commaDecimal
        dotGroupingLanguages = dotGrouping
        spaceGroupingLanguages = spaceGrouping
    }
}

extension SlotLexicon {
    /// True when a word from lexicon/non_amount_units.txt starts at `position` (the number before it is
    /// a month, an hour, kWh or a count), and not one of its "not" words (交两百点费: 电费 misheard).
    func isNonAmountUnit(at position: Int, in scalars: [UInt32]) -> Bool {
        nonAmountUnits.match(startingAt: position, in: scalars)?.payload == true
    }
}
