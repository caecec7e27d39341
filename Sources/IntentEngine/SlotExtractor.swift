import Foundation
import PayAssistCore

/// Finds amounts, account numbers, billing months, language names and times of day in an utterance,
/// in every supported language. Usable on its own for follow-up turns ("两百", "1002345678").
public struct SlotExtractor: Sendable {
    let normalizer: TextNormalizer
    let lexicon: SlotLexicon

    /// The currency a Chinese (or bare) amount is in when the utterance names none: the bill's currency.
    public static let defaultCurrency = Currency.cny

    /// Every slot in `text`.
    ///
    /// - Parameters:
    ///   - language: the utterance's language (decides ¥ and month names); Simplified Chinese when nil.
    ///   - reference: the current month, to resolve "上个月" and months without a year.
    ///   - bareNumberIsAmount: true in a follow-up turn that asked for an amount, so "两百" is 200 CNY.
    public func extract(from text: String, language: Language? = nil, reference: YearMonth, bareNumberIsAmount: Bool = false) -> Slots {
        extract(from: normalizer.normalizeScalars(text).scalars, language: language ?? .zhHans, reference: reference, bareNumberIsAmount: bareNumberIsAmount)
    }

    /// The amount in `text`; a bare number counts (for replies to "how much?").
    public func amount(in text: String, language: Language? = nil) -> Money? {
        let scalars = spellingNumbers(normalizer.normalizeScalars(text).scalars, language: language ?? .zhHans, bareNumberIsAmount: true)
        let spans = SlotExtractor.numberSpans(in: scalars)
        let accountRange = SlotExtractor.accountRange(spans: spans, scalars: scalars)
        return amount(in: scalars, spans: spans, excluding: accountRange?.range, language: language ?? .zhHans, bareNumberIsAmount: true)
    }

    /// The 10-digit account number in `text` (grouped, dashed or spoken digit by digit), if any.
    public func account(in text: String) -> String? {
        let scalars = normalizer.normalizeScalars(text).scalars
        return SlotExtractor.accountRange(spans: SlotExtractor.numberSpans(in: scalars), scalars: scalars)?.digits
    }

    func extract(from original: [UInt32], language: Language, reference: YearMonth, bareNumberIsAmount: Bool) -> Slots {
        extractWithReadings(from: original, language: language, reference: reference, bareNumberIsAmount: bareNumberIsAmount).slots
    }

    /// The slots, and whether the message states an amount that a meter, app or account shows
    /// ("余额4.3元", "Guthaben 3,20") or only a guess at one ("一百多块", "三四十块"): such a number is no
    /// payment amount and stays out of the slots, but the classifier still sees that the message
    /// states an amount.
    func extractWithReadings(from original: [UInt32], language: Language, reference: YearMonth, bareNumberIsAmount: Bool) -> (slots: Slots, showsAmount: Bool) {
        let scalars = spellingNumbers(original, language: language, bareNumberIsAmount: bareNumberIsAmount)
        var slots = Slots()
        let spans = SlotExtractor.numberSpans(in: scalars)
        var used = Set<Int>()   // span indices consumed
        let account = SlotExtractor.accountRange(spans: spans, scalars: scalars)
        if let account {
            slots.account = account.digits
            used.formUnion(account.spanIndices)
        }
        let time = self.time(in: scalars, spans: spans, excluding: used)
        if let time {
            slots.time = time.value
            used.formUnion(time.spanIndices)
        }
        let period = self.period(in: scalars, spans: spans, language: language, reference: reference)
        if let period {
            slots.period = period.value
            used.formUnion(period.spanIndices)
        }
        // What a meter shows and what is only guessed are stated amounts, but none to pay.
        let unpayable = Set(spans.indices.filter { !used.contains($0) && (isReading(spans[$0], in: scalars) || isApproximate($0, spans: spans, in: scalars)) })
        slots.amount = amount(in: scalars, spans: spans, excludingSpans: used.union(unpayable), language: language, bareNumberIsAmount: bareNumberIsAmount)
        let showsAmount = slots.amount == nil && !unpayable.isEmpty
            && amount(in: scalars, spans: spans, excludingSpans: used, language: language, bareNumberIsAmount: bareNumberIsAmount) != nil
        slots.language = wantedLanguage(in: scalars)
        return (slots, showsAmount)
    }

    /// The language a message asks for: of the language names in it, the one with a marker ("to",
    /// "改回", "로") next to it, else the first.
    func wantedLanguage(in scalars: [UInt32]) -> Language? {
        let names = lexicon.languageNames.matches(in: scalars)
        guard names.count > 1 else { return names.first?.payload }
        func gap(_ index: Int) -> Int { index >= 0 && index < scalars.count && scalars[index] == 32 ? 1 : 0 }
        for name in names {
            let beforeEnd = name.start - gap(name.start - 1)
            if let marker = lexicon.languageMarkers.match(endingAt: beforeEnd, in: scalars), marker.payload { return name.payload }
            let afterStart = name.end + gap(name.end)
            if let marker = lexicon.languageMarkers.match(startingAt: afterStart, in: scalars, afterWord: true), !marker.payload { return name.payload }
        }
        return names.first?.payload
    }

    // MARK: numbers

    /// The scalars with number words written as digits where they state an amount or a time of day:
    /// before a currency, multiplier or time word ("двести рублей", "veinte mil pesos", "huit heures"),
    /// after a word that leads an hour ("a las ocho", "halb neun"), or anywhere in a reply to "how much?".
    func spellingNumbers(_ scalars: [UInt32], language: Language, bareNumberIsAmount: Bool) -> [UInt32] {
        guard lexicon.numberWords.tables[language] != nil else { return scalars }
        let currencies = lexicon.currencies[language]
        let multipliers = lexicon.multipliers
        let timeWords = lexicon.timeWords
        return lexicon.numberWords.rewrite(scalars, language: language) { end, following in
            if bareNumberIsAmount { return true }
            let next = end < following.count && following[end] == 32 ? end + 1 : end
            if currencies?.match(startingAt: next, in: following) != nil || multipliers.match(startingAt: next, in: following) != nil { return true }
            // A time of day: "восемь вечера", "huit heures".
            guard let word = timeWords.match(startingAt: next, in: following)?.payload else { return false }
            return word == .hour || word == .minute || word == .am || word == .pm || word.clockAfterHour != nil
        } precededBy: { start, scalars in
            // "a las ocho", "в восемь", "um neun", "halb neun", "Viertel nach neun": a word that puts an hour after it.
            let end = SlotExtractor.gapStart(start, in: scalars)
            guard let word = timeWords.match(endingAt: end, in: scalars)?.payload else { return false }
            return word == .lead || word.clockBeforeHour != nil
        }
    }

    /// A run of ASCII digits, possibly with one '.', ',' or ':' between digits.
    struct NumberSpan {
        let start: Int
        let end: Int
        let text: [UInt32]
        var isPlainDigits: Bool { !text.contains { $0 == 46 || $0 == 44 || $0 == 58 } }
        var digitCount: Int { text.filter { ChineseNumerals.isASCIIDigit($0) }.count }
        /// The span read as a whole number; nil when it holds a '.', ',' or ':'.
        var integer: Int? { SlotExtractor.integer(text[...]) }
    }

    /// ASCII digits read as a whole number ("2026" → 2026); nil for anything else.
    static func integer(_ digits: ArraySlice<UInt32>) -> Int? {
        Int(String(String.UnicodeScalarView(digits.compactMap(Unicode.Scalar.init))))
    }

    static func numberSpans(in scalars: [UInt32]) -> [NumberSpan] {
        var spans: [NumberSpan] = []
        var index = 0
        while index < scalars.count {
            guard ChineseNumerals.isASCIIDigit(scalars[index]) else { index += 1; continue }
            var end = index
            while end < scalars.count && (ChineseNumerals.isASCIIDigit(scalars[end]) || ((scalars[end] == 46 || scalars[end] == 44 || scalars[end] == 58) && end + 1 < scalars.count && ChineseNumerals.isASCIIDigit(scalars[end + 1]))) {
                end += 1
            }
            spans.append(NumberSpan(start: index, end: end, text: Array(scalars[index..<end])))
            index = end
        }
        return spans
    }

    /// Ten digits in one run, or in consecutive groups separated by single spaces ("1002 3456 78").
    static func accountRange(spans: [NumberSpan], scalars: [UInt32]) -> (digits: String, range: Range<Int>, spanIndices: [Int])? {
        for first in spans.indices where spans[first].isPlainDigits {
            var total = 0
            var last = first
            var indices: [Int] = []
            while last < spans.count && spans[last].isPlainDigits {
                if last > first && spans[last].start != spans[last - 1].end + 1 { break }
                total += spans[last].digitCount
                indices.append(last)
                if total >= 10 { break }
                last += 1
            }
            if total == 10 {
                let joined = indices.flatMap { spans[$0].text }
                let before = spans[first].start
                let after = spans[indices.last!].end
                return (String(String.UnicodeScalarView(joined.compactMap(Unicode.Scalar.init))), before..<after, indices)
            }
        }
        return nil
    }

    // MARK: amounts

    func amount(in scalars: [UInt32], spans: [NumberSpan], excluding range: Range<Int>?, language: Language, bareNumberIsAmount: Bool) -> Money? {
        var used = Set<Int>()
        if let range {
            for (index, span) in spans.enumerated() where range.contains(span.start) { used.insert(index) }
        }
        return amount(in: scalars, spans: spans, excludingSpans: used, language: language, bareNumberIsAmount: bareNumberIsAmount)
    }

    func amount(in scalars: [UInt32], spans: [NumberSpan], excludingSpans used: Set<Int>, language: Language, bareNumberIsAmount: Bool) -> Money? {
        // "不是一百 是一百五", "not 200, make it 300", "唔係八十 係一百八": a number right after a negation
        // is the amount taken back; the next number is the one meant, even without a pay verb (unless
        // it is taken back too: "no 150 not 100").
        if let negated = spans.indices.first(where: { !used.contains($0) && negation(before: spans[$0], in: scalars) != nil }),
           let later = firstAmount(in: scalars, spans: spans, excludingSpans: used.union(0...negated), language: language, bareNumberIsAmount: true),
           negation(before: spans[later.index], in: scalars) == nil {
            let taken = firstAmount(in: scalars, spans: spans, excludingSpans: Set(spans.indices).subtracting([negated]), language: language, bareNumberIsAmount: true)
            return SlotExtractor.keepingNamedCurrency(later, over: taken)
        }
        // "150 not 100", "八百 不是六百", "150, а не 100 юаней": the number just before the negation
        // is the one meant.
        for negated in spans.indices.dropFirst() where !used.contains(negated) && !used.contains(negated - 1) {
            guard let word = negation(before: spans[negated], in: scalars),
                  word.start - spans[negated - 1].end <= SlotExtractor.maxNegationDistance else { continue }
            // Bare numbers only where money is talked about: "the number ends in 45 not 54" is no amount.
            let taken = firstAmount(in: scalars, spans: spans, excludingSpans: Set(spans.indices).subtracting([negated]), language: language, bareNumberIsAmount: true)
            guard let meant = firstAmount(in: scalars, spans: spans, excludingSpans: Set(spans.indices).subtracting([negated - 1]), language: language,
                                          bareNumberIsAmount: bareNumberIsAmount || taken?.isBare == false) else { break }
            return SlotExtractor.keepingNamedCurrency(meant, over: taken)
        }
        guard var found = firstAmount(in: scalars, spans: spans, excludingSpans: used, language: language, bareNumberIsAmount: bareNumberIsAmount) else { return nil }
        // "100元じゃなくて200元", "充三百不对不对充两百", "200, sorry, I mean 300": a retraction word after
        // an amount replaces it with the next one (Intents/lexicon/amount_corrections.txt).
        var excluded = used
        while lexicon.amountCorrections.occurs(in: scalars, from: spans[found.index].end) {
            excluded.formUnion(0...found.index)
            // After a retraction a bare number is the new amount ("…, sorry, I mean 250").
            guard let later = firstAmount(in: scalars, spans: spans, excludingSpans: excluded, language: language, bareNumberIsAmount: true) else { break }
            found = (SlotExtractor.keepingNamedCurrency(later, over: found), later.index, later.isBare)
        }
        return found.money
    }

    /// The negation word ("不是", "not", "nicht") just before a number, with where it starts.
    private func negation(before span: NumberSpan, in scalars: [UInt32]) -> (start: Int, payload: Bool)? {
        lexicon.amountNegations.match(endingAt: SlotExtractor.gapStart(span.start, in: scalars), in: scalars)
    }

    /// Most characters between an amount and a negation that takes back the next number: ", а " in
    /// "150, а не 100".
    static let maxNegationDistance = 4

    /// The start of the space before `start`, if there is one (where a word before a number ends).
    static func gapStart(_ start: Int, in scalars: [UInt32]) -> Int {
        start > 0 && scalars[start - 1] == 32 ? start - 1 : start
    }

    /// The end of the space at `end`, if there is one (where a word after a number starts).
    static func gapEnd(_ end: Int, in scalars: [UInt32]) -> Int {
        end < scalars.count && scalars[end] == 32 ? end + 1 : end
    }

    /// A corrected bare number keeps the currency named with the amount it replaces ("no son 30
    /// euros, son 40" is 40 euros).
    static func keepingNamedCurrency(_ later: (money: Money, index: Int, isBare: Bool), over earlier: (money: Money, index: Int, isBare: Bool)?) -> Money {
        guard later.isBare, let earlier, !earlier.isBare, earlier.money.currency != later.money.currency,
              let money = Money(decimalString: later.money.decimalString, currency: earlier.money.currency) else { return later.money }
        return money
    }

    /// The first amount among the spans not excluded, and the index of its number span: a number with a
    /// currency word wins over a bare number before it.
    private func firstAmount(in scalars: [UInt32], spans: [NumberSpan], excludingSpans used: Set<Int>, language: Language, bareNumberIsAmount: Bool) -> (money: Money, index: Int, isBare: Bool)? {
        guard let currencies = lexicon.currencies[language] else { return nil }
        var bareCandidate: (money: Money, index: Int, isBare: Bool)?
        var grouped = Set<Int>()   // spans joined to an earlier one as its thousands
        for (index, span) in spans.enumerated() where !used.contains(index) && !grouped.contains(index) && !span.text.contains(58) {
            var text = span.text
            var spanEnd = span.end
            // "2 000 руб", "1 500,50 €": thousands grouped with spaces, where the locale writes them so,
            // and in any language right before or after a currency ("RMB 1 500", "1 200 yuan").
            if span.isPlainDigits, (1...3).contains(span.digitCount) {
                var joinedText = text
                var joinedEnd = spanEnd
                var joined: [Int] = []
                var next = index + 1
                while next < spans.count, !used.contains(next), spans[next].start == joinedEnd + 1, scalars[joinedEnd] == 32,
                      SlotExtractor.isThousandsGroup(spans[next].text) {
                    joinedText += spans[next].text
                    joinedEnd = spans[next].end
                    joined.append(next)
                    if !spans[next].isPlainDigits { break }   // the decimal part ends the number
                    next += 1
                }
                // Elsewhere "200 200块" is more often a number said twice than 200,200: only a short
                // first group joins there ("1 200", "10 000"), and not one a label counts ("building 5, 200 rmb").
                if !joined.isEmpty, lexicon.spaceGroupingLanguages.contains(language)
                    || (span.digitCount <= 2 && !countingLabel(before: span, in: scalars)
                        && (currencies.match(startingAt: SlotExtractor.gapEnd(joinedEnd, in: scalars), in: scalars) != nil
                        || currencies.match(endingAt: SlotExtractor.gapStart(span.start, in: scalars), in: scalars) != nil)) {
                    text = joinedText
                    spanEnd = joinedEnd
                    grouped.formUnion(joined)
                }
            }
            guard var major = decimalText(text, language: language) else { continue }
            // "2 тыс рублей", "5 mil pesos", "2k": a multiplier word after the number.
            let multiplierStart = SlotExtractor.gapEnd(spanEnd, in: scalars)
            if let multiplier = lexicon.multipliers.match(startingAt: multiplierStart, in: scalars),
               let value = Decimal(string: major, locale: Locale(identifier: "en_US_POSIX")) {
                major = "\(value * Decimal(multiplier.payload))"
                spanEnd = multiplier.end
            }
            // "120点5元": a Chinese decimal point between two numbers.
            if spanEnd + 1 < scalars.count, scalars[spanEnd] == 0x70B9, index + 1 < spans.count, spans[index + 1].start == spanEnd + 1,
               spans[index + 1].isPlainDigits, !major.contains("."),
               currencies.match(startingAt: spans[index + 1].end, in: scalars) != nil {
                major += "." + String(String.UnicodeScalarView(spans[index + 1].text.compactMap(Unicode.Scalar.init)))
                spanEnd = spans[index + 1].end
            }
            let afterGap = SlotExtractor.gapEnd(spanEnd, in: scalars)
            let beforeGap = SlotExtractor.gapStart(span.start, in: scalars)
            var word: CurrencyWord?
            var wordEnd = spanEnd
            // A one-character unit word (元, 块, 円, 원) only follows its number: in "三单元402" the 元
            // ends another word.
            let prefix = (currencies.match(endingAt: span.start, in: scalars) ?? currencies.match(endingAt: beforeGap, in: scalars))
                .flatMap { match in SlotExtractor.isUnitCharacter(scalars[match.start..<SlotExtractor.gapStart(span.start, in: scalars)]) ? nil : match }
            // A sign or code right before the next number is that number's ("two £35 transactions": 35, not 2).
            let suffixMatch = (currencies.match(startingAt: spanEnd, in: scalars) ?? currencies.match(startingAt: afterGap, in: scalars))
                .flatMap { match in
                    match.end < scalars.count && ChineseNumerals.isASCIIDigit(scalars[match.end]) && !SlotExtractor.isUnitCharacter(scalars[(match.end - 1)..<match.end]) ? nil : match
                }
            if let suffix = suffixMatch {
                word = suffix.payload
                wordEnd = suffix.end
                // "新台币1000元", "港币五百元", "用台币付1000元": 元 is only the unit word of the currency
                // named just before the number, or a few characters before it.
                if suffix.payload.currency == .cny, suffix.payload.divisor == 1,
                   let named = prefix ?? SlotExtractor.currencyNamedShortlyBefore(span.start, in: scalars, currencies: currencies),
                   named.payload.currency != .cny, named.payload.divisor == 1 {
                    word = named.payload
                }
                // "3000元台币", "500元 港币": 元 is the unit of the currency named right after it.
                if suffix.payload.currency == .cny, suffix.payload.divisor == 1, suffix.end - 1 == spanEnd || suffix.end - 1 == afterGap,
                   SlotExtractor.isUnitCharacter(scalars[(suffix.end - 1)..<suffix.end]),
                   let named = currencies.match(startingAt: SlotExtractor.gapEnd(suffix.end, in: scalars), in: scalars),
                   named.payload.currency != .cny, named.payload.divisor == 1 {
                    word = named.payload
                    wordEnd = named.end
                }
            } else if let prefix {
                word = prefix.payload
            }
            if let word {
                guard var money = Money(decimalString: major, currency: word.currency), money.minorUnits > 0 else { continue }
                if word.divisor > 1 {
                    // "5毛" is 0.5 CNY.
                    money = Money(minorUnits: money.minorUnits / word.divisor, currency: word.currency)
                } else if word.currency.minorUnitsPerMajor == 100, let fen = SlotExtractor.hundredthsAfterMajorUnit(wordEnd, spans: spans, scalars: scalars) {
                    // "70块08分" (七十块零八分), "70块8分": a number of 分 right after 块/元, no 毛 between.
                    money = Money(minorUnits: money.minorUnits + Int64(fen), currency: word.currency)
                } else if word.currency.minorDigits > 0, wordEnd < scalars.count, ChineseNumerals.isASCIIDigit(scalars[wordEnd]),
                          let next = spans.first(where: { $0.start == wordEnd }), next.isPlainDigits, !major.contains("."),
                          !lexicon.isNonAmountUnit(at: next.end, in: scalars),   // "2000块1次交够": a count, not tenths
                          let digit = SlotExtractor.tenthsDigit(next, scalars: scalars, currencies: currencies) {
                    // "120块5" / "120元5角" / "30块05毛" (三十块零五毛): one more digit after 块/元 is tenths.
                    let tenths = Int64(digit) * word.currency.minorUnitsPerMajor / 10
                    money = Money(minorUnits: money.minorUnits + tenths, currency: word.currency)
                    // "234块5毛6": one digit after the 毛 is hundredths.
                    if let jiao = currencies.match(startingAt: next.end, in: scalars), jiao.payload.divisor == 10, jiao.end < scalars.count,
                       let cents = spans.first(where: { $0.start == jiao.end }), cents.digitCount == 1, cents.isPlainDigits,
                       !lexicon.isNonAmountUnit(at: cents.end, in: scalars) {
                        money = Money(minorUnits: money.minorUnits + Int64(cents.text[0] - 48) * word.currency.minorUnitsPerMajor / 100, currency: word.currency)
                    }
                } else if word.currency.minorUnitsPerMajor == 100, !major.contains("."), let cents = centsAfterCurrencyWord(wordEnd, spans: spans, scalars: scalars) {
                    // "86 yuan 50", "12 euros 50", "86块50": two digits after the currency word are its cents.
                    money = Money(minorUnits: money.minorUnits + Int64(cents), currency: word.currency)
                }
                // "2块5毛": the 毛 part was already added as tenths of the earlier number.
                if word.divisor > 1, index > 0, spans[index - 1].end < span.start,
                   let earlier = currencies.match(startingAt: spans[index - 1].end, in: scalars), earlier.end == span.start, earlier.payload.divisor == 1 {
                    continue
                }
                return (money, index, false)
            }
            if bareCandidate == nil, let money = bareAmount(major, span: span, spanEnd: spanEnd, scalars: scalars, language: language, bareNumberIsAmount: bareNumberIsAmount) {
                bareCandidate = (money, index, true)
            }
        }
        return bareCandidate
    }

    /// Scalars a reading marker may end before its number ("steht nur noch 3,20", "残りが5元").
    static let maxReadingMarkerGap = 8
    /// Scalars between a pay word and the reading marker after it for the number to be an amount after
    /// all ("recargar saldo 100", "充余额100", "m'acquitter du solde dû").
    static let payWordBeforeReadingMarker = 4

    /// True when the number is what a meter, app or account shows ("余额4.3元", "Guthaben 3,20",
    /// "le quedan 5 yuanes"): a reading marker ends shortly before it, and no pay word ends right
    /// before the marker closest to it or between that marker and the number ("余额不足 充100" and
    /// "recargar saldo 100" are amounts; in "电表一直叫 显示余额剩1块" the misheard 叫 is too far).
    private func isReading(_ span: NumberSpan, in scalars: [UInt32]) -> Bool {
        var closest: (start: Int, end: Int)?
        for position in max(0, span.start - SlotExtractor.maxReadingMarkerGap - 12)..<span.start {
            guard let marker = lexicon.readingMarkers.match(startingAt: position, in: scalars),
                  marker.end <= span.start, span.start - marker.end <= SlotExtractor.maxReadingMarkerGap,
                  position == 0 || !TextNormalizer.isSpacedScriptLetter(scalars[position - 1]) else { continue }
            closest = (position, marker.end)
        }
        guard let marker = closest else { return false }
        let before = max(0, marker.start - SlotExtractor.payWordBeforeReadingMarker)...marker.start
        let between = marker.end < span.start ? Array((marker.end + 1)...span.start) : []
        return !(Array(before) + between).contains { lexicon.payVerbs.match(endingAt: $0, in: scalars) != nil || lexicon.billWords.match(endingAt: $0, in: scalars) != nil }
    }

    /// True when the number is a guess rather than an amount: one end of a range ("30~40", which the
    /// normalizer writes for 三四十; "100~200", "100到200", "100 or 150", the lower number first), or next
    /// to an approximation word ("100多块", "10来块", "20几块", "几10块", "数1000円", "100-odd";
    /// Intents/lexicon/approximate_markers.txt).
    private func isApproximate(_ index: Int, spans: [NumberSpan], in scalars: [UInt32]) -> Bool {
        let span = spans[index]
        func isRange(_ low: NumberSpan, _ high: NumberSpan) -> Bool {
            guard let lowValue = low.integer, let highValue = high.integer, lowValue < highValue else { return false }
            if high.start == low.end + 1, scalars[low.end] == 126 { return true }   // "100~200"
            let start = SlotExtractor.gapEnd(low.end, in: scalars)
            guard let word = lexicon.rangeWords.match(startingAt: start, in: scalars, afterWord: true) else { return false }
            return SlotExtractor.gapEnd(word.end, in: scalars) == high.start
        }
        if index + 1 < spans.count, isRange(span, spans[index + 1]) { return true }
        if index > 0, isRange(spans[index - 1], span) { return true }
        if lexicon.approximateAfter.match(startingAt: SlotExtractor.gapEnd(span.end, in: scalars), in: scalars, afterWord: true)?.payload == true { return true }
        return lexicon.approximateBefore.match(endingAt: SlotExtractor.gapStart(span.start, in: scalars), in: scalars) != nil
    }

    /// The cents in "86 yuan 50", "12 euros 50", "86块50": two digits (10-99) right after the currency
    /// word (one space allowed) that end the message or a clause, nil for anything else ("200 yuan 30
    /// days", "100 euros 20 of them", "100块 2次").
    func centsAfterCurrencyWord(_ wordEnd: Int, spans: [NumberSpan], scalars: [UInt32]) -> Int? {
        let start = SlotExtractor.gapEnd(wordEnd, in: scalars)
        guard start - wordEnd <= 1, let next = spans.first(where: { $0.start == start }), next.isPlainDigits, next.digitCount == 2,
              next.text[0] != 48, let value = next.integer else { return nil }
        guard next.end < scalars.count else { return value }
        // Only a clause that starts a new thought (Intents/lexicon/clause_openers.txt): "86 yuan 50 i ll
        // pay that now" ends the amount with a pronoun; a word that counts ("days", "times", "of") keeps
        // the number its own.
        guard scalars[next.end] == 32 else { return nil }
        return lexicon.clauseOpeners.match(startingAt: next.end + 1, in: scalars) != nil ? value : nil
    }

    /// True for a currency word that is one Han, kana or Hangul character (元, 块, 円, 원): a unit
    /// that follows its number, never a sign before it.
    static func isUnitCharacter(_ word: ArraySlice<UInt32>) -> Bool {
        word.count == 1 && (TextNormalizer.isCJK(word[word.startIndex]) || TextNormalizer.isHangul(word[word.startIndex]))
    }

    /// Hour and minutes of "20.30" (a dot, two-digit minutes, a valid time); nil otherwise.
    static func dottedTime(_ text: [UInt32]) -> (Int, Int)? {
        guard let dot = text.firstIndex(of: 46), text.count - dot == 3, (1...2).contains(dot),
              text.allSatisfy({ $0 == 46 || ChineseNumerals.isASCIIDigit($0) }),
              let hour = SlotExtractor.integer(text[..<dot]),
              let minute = SlotExtractor.integer(text[(dot + 1)...]),
              hour < 24, minute < 60 else { return nil }
        return (hour, minute)
    }

    /// Most characters between a currency named in Chinese and the number whose 元 it qualifies ("用台币付1000元").
    static let namedCurrencyReach = 6

    /// The nearest currency word ending within `namedCurrencyReach` characters before `start`, in
    /// unspaced (CJK) text only.
    static func currencyNamedShortlyBefore(_ start: Int, in scalars: [UInt32], currencies: PhraseTable<CurrencyWord>) -> (start: Int, payload: CurrencyWord)? {
        var end = start - 1
        while end > 0 && start - end <= namedCurrencyReach {
            if scalars[end] == 32 || PhraseTable<CurrencyWord>.isWordLetter(scalars[end]) { return nil }
            if let found = currencies.match(endingAt: end, in: scalars) { return found }
            end -= 1
        }
        return nil
    }

    /// True for a group of three digits after a space-grouped number ("000", "500,50").
    static func isThousandsGroup(_ text: [UInt32]) -> Bool {
        guard text.count >= 3, text[0..<3].allSatisfy(ChineseNumerals.isASCIIDigit) else { return false }
        if text.count == 3 { return true }
        let rest = text[3...]
        return (rest.first == 44 || rest.first == 46) && (2...3).contains(rest.count) && rest.dropFirst().allSatisfy(ChineseNumerals.isASCIIDigit)
    }

    /// The 分 (hundredths) of "70块08分" or "70块8分": one digit, or two starting with 0, right after the
    /// major unit and followed by 分; nil for anything else ("120块5", "30块05毛"). 分 alone is no currency
    /// word (it is also minutes and points), so only this place reads it.
    static func hundredthsAfterMajorUnit(_ wordEnd: Int, spans: [NumberSpan], scalars: [UInt32]) -> Int? {
        guard let next = spans.first(where: { $0.start == wordEnd }), next.isPlainDigits,
              next.digitCount == 1 || (next.digitCount == 2 && next.text[0] == 48),
              next.end < scalars.count, scalars[next.end] == 0x5206 else { return nil }
        let digit = Int(next.text[next.digitCount - 1] - 48)
        return digit > 0 ? digit : nil
    }

    /// The tenths digit of the number after "块"/"元": one digit ("120块5"), or a zero and a digit
    /// followed by a tenths word ("30块05毛", spoken 三十块零五毛); nil otherwise ("30块05分" is not tenths).
    static func tenthsDigit(_ next: NumberSpan, scalars: [UInt32], currencies: PhraseTable<CurrencyWord>) -> UInt32? {
        if next.digitCount == 1 { return next.text[0] - 48 }
        if next.digitCount == 2, next.text[0] == 48, let unit = currencies.match(startingAt: next.end, in: scalars), unit.payload.divisor == 10 {
            return next.text[1] - 48
        }
        return nil
    }

    /// A number with no currency word is an amount in a follow-up turn, right after a pay verb
    /// ("交200", "pay 50"), or when it is written like money, with two decimals in the language's own
    /// way ("paying for 1002003004 please, 88.50", "confirmed, 120.50 is right"; not "9.30", a time)
    /// unless a unit makes it a month, an hour or kWh.
    private func bareAmount(_ major: String, span: NumberSpan, spanEnd: Int, scalars: [UInt32], language: Language, bareNumberIsAmount: Bool) -> Money? {
        let afterGap = SlotExtractor.gapEnd(spanEnd, in: scalars)
        if lexicon.isNonAmountUnit(at: spanEnd, in: scalars) || lexicon.isNonAmountUnit(at: afterGap, in: scalars) {
            return nil
        }
        // "flat 12", "floor 3", "房间302": a word before the number says what it counts.
        if countingLabel(before: span, in: scalars) { return nil }
        // "account 3301 5567 8820", "0551-2093": a group of a longer code (a mistyped account, a phone).
        if SlotExtractor.isCodeGroup(start: span.start, end: spanEnd, in: scalars) { return nil }
        var allowed = bareNumberIsAmount
        if !allowed {
            let end = SlotExtractor.gapStart(span.start, in: scalars)
            // The verb may be followed by a short particle: "交一下200", "pay them 50".
            for back in 0...3 where end - back > 0 {
                if lexicon.payVerbs.match(endingAt: end - back, in: scalars) != nil { allowed = true; break }
            }
            if !allowed { allowed = payVerbFewWordsBefore(end, in: scalars) }
            // "一百五够她用一阵的", "一共120直接打进去", "50 should cover it": a word after it says it is paid.
            if !allowed { allowed = lexicon.amountClosers.match(startingAt: afterGap, in: scalars) != nil }
        }
        if !allowed {
            let separator: UInt32 = lexicon.commaDecimalLanguages.contains(language) ? 44 : 46
            let text = span.text
            allowed = text.count >= 4 && text[text.count - 3] == separator && text.filter({ $0 == 44 || $0 == 46 }).count == 1
                && SlotExtractor.dottedTime(text) == nil
        }
        // Eight or more digits without a currency are an account, a phone number or a code, not money.
        guard allowed, major.prefix(while: { $0 != "." }).count <= SlotExtractor.maxBareAmountDigits,
              let money = Money(decimalString: major, currency: SlotExtractor.defaultCurrency), money.minorUnits > 0 else { return nil }
        return money
    }

    /// Whether a label word before `span` says what the number counts ("flat 12", "房间302"). A
    /// message that opens with a word that is also a negation and corrects the number with another
    /// negation word after it ("no, 150 not 100") is a reply, not "No. 150"; with the same word after
    /// it ("no, 100 no, 150 yuanes": Spanish for "not 100, 150") the first number is the one taken back.
    private func countingLabel(before span: NumberSpan, in scalars: [UInt32]) -> Bool {
        let end = SlotExtractor.gapStart(span.start, in: scalars)
        guard let label = lexicon.numberLabels.match(endingAt: end, in: scalars) else { return false }
        guard label.start == 0, let opener = negation(before: span, in: scalars), opener.start == 0 else { return true }
        let openerWord = scalars[opener.start..<end]
        for position in span.end...min(scalars.count, span.end + SlotExtractor.maxNegationDistance) {
            if let word = lexicon.amountNegations.match(startingAt: position, in: scalars), !scalars[position..<word.end].elementsEqual(openerWord) {
                return false
            }
        }
        return true
    }

    /// True when the digits at `start..<end` are joined by one space or dash to another group of
    /// digits and one of the two has four or more (neither a whole ten-digit account): part of a
    /// code written in groups, not money ("1 200" stays a number with its thousands).
    static func isCodeGroup(start: Int, end: Int, in scalars: [UInt32]) -> Bool {
        func isJoint(_ index: Int) -> Bool { index >= 0 && index < scalars.count && (scalars[index] == 32 || scalars[index] == 45) }
        func digitRun(from index: Int, step: Int) -> Int {
            var count = 0
            var position = index
            while position >= 0 && position < scalars.count && ChineseNumerals.isASCIIDigit(scalars[position]) { count += 1; position += step }
            return count
        }
        let own = end - start
        let before = isJoint(start - 1) ? digitRun(from: start - 2, step: -1) : 0
        let after = isJoint(end) ? digitRun(from: end + 1, step: 1) : 0
        // A whole account number next to a number ("4403921178 150") leaves that number alone.
        func joined(_ other: Int) -> Bool { other > 0 && other < 10 && own < 10 && max(other, own) >= 4 }
        if joined(before) || joined(after) { return true }
        // Digits read out in short groups ("幺三洞洞 八六 二二 幺七五" is 1300 86 22 175): three or more
        // groups with seven or more digits in all are a code, whatever the size of each group.
        var groups = 1
        var digits = own
        var cursor = start - 1
        while isJoint(cursor), case let run = digitRun(from: cursor - 1, step: -1), run > 0 {
            groups += 1; digits += run; cursor -= run + 1
        }
        cursor = end
        while isJoint(cursor), case let run = digitRun(from: cursor + 1, step: 1), run > 0 {
            groups += 1; digits += run; cursor += run + 1
        }
        return groups >= 3 && digits >= 7
    }

    /// Most integer digits of a bare number read as money (9,999,999 in the default currency).
    static let maxBareAmountDigits = 7

    /// Most words a pay verb may stand before a bare number in spaced scripts: "pay the 200", "put
    /// another 300 on it", "top up the meter with a hundred".
    static let payVerbWordGap = 4

    /// True when the word just before `end` leads in an amount ("the", "another", "with":
    /// Intents/lexicon/amount_lead_ins.txt) and a pay verb ends at one of the `payVerbWordGap` word
    /// boundaries before it, with no other number between. Punctuation is gone after normalization,
    /// so the lead-in word is what keeps "pay, my flat is 12 floors up" from being an amount.
    private func payVerbFewWordsBefore(_ end: Int, in scalars: [UInt32]) -> Bool {
        guard let leadIn = lexicon.amountLeadIns.match(endingAt: end, in: scalars) else { return false }
        var position = SlotExtractor.gapStart(leadIn.start, in: scalars)
        if lexicon.payVerbs.match(endingAt: position, in: scalars) != nil { return true }
        var words = 1
        while position > 0 && words < SlotExtractor.payVerbWordGap {
            // Step back over one word and the space before it.
            var start = position
            while start > 0 && scalars[start - 1] != 32 {
                if ChineseNumerals.isASCIIDigit(scalars[start - 1]) { return false }
                start -= 1
            }
            guard start > 0, start < position else { return false }
            position = start - 1
            words += 1
            if lexicon.payVerbs.match(endingAt: position, in: scalars) != nil { return true }
        }
        return false
    }

    /// The span's digits as a plain decimal string, reading ',' as decimal comma or thousands separator by language.
    private func decimalText(_ text: [UInt32], language: Language) -> String? {
        var string = String(String.UnicodeScalarView(text.compactMap(Unicode.Scalar.init)))
        let commaDecimal = lexicon.commaDecimalLanguages.contains(language)
        if let comma = string.lastIndex(of: ",") {
            let after = string.distance(from: comma, to: string.endIndex) - 1
            // "12,50" and, with dots grouping the thousands before it, "1.234,50".
            let dotsOnlyBefore = !string[comma...].contains(".") && (!string.contains(".") || lexicon.dotGroupingLanguages.contains(language))
            if (commaDecimal && after <= 2 && dotsOnlyBefore) || SlotExtractor.isDotGroupedWithDecimalComma(string) {
                string = string.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            } else {
                string = string.replacingOccurrences(of: ",", with: "")
            }
        }
        if commaDecimal, string.filter({ $0 == "." }).count == 1, let dot = string.firstIndex(of: "."),
           string.distance(from: dot, to: string.endIndex) - 1 == 3 {
            // "1.000" is a thousand where the comma is the decimal mark (also in French, whose locale
            // groups with spaces but whose writers often group with a dot).
            string = string.replacingOccurrences(of: ".", with: "")
        }
        guard string.filter({ $0 == "." }).count <= 1 else { return nil }
        return string
    }

    /// True for "1.250,00" and "12.345,5": dots grouping thousands, then a decimal comma. Only the
    /// continental way writes a number so, whatever the message's language ("the payment of 1.250,00 €").
    static func isDotGroupedWithDecimalComma(_ string: String) -> Bool {
        let parts = string.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCII) else { return false }
        let groups = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        return groups.count >= 2 && (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    // MARK: periods

    func period(in scalars: [UInt32], spans: [NumberSpan], language: Language, reference: YearMonth) -> (value: YearMonth, spanIndices: [Int])? {
        // "去年三月", "march last year": a relative year word fixes the year of a month named without one.
        let relativeYear = lexicon.relativeYears.matches(in: scalars).first.map { reference.year + $0.payload }
        // Numbered months: "3月", "2026年3月", "3월".
        for (index, span) in spans.enumerated() where span.isPlainDigits && span.digitCount <= 2 {
            guard span.end < scalars.count, scalars[span.end] == 0x6708 || scalars[span.end] == 0xC6D4,
                  let month = span.integer, (1...12).contains(month) else { continue }
            var year: Int?
            var indices = [index]
            if index > 0 {
                let previous = spans[index - 1]
                let gap = span.start - previous.end
                if previous.digitCount == 4, gap >= 1, gap <= 2, scalars[previous.end] == 0x5E74 || scalars[previous.end] == 0xB144 {
                    year = previous.integer
                    indices.append(index - 1)
                }
            }
            return (resolve(month: month, year: year ?? relativeYear, reference: reference), indices)
        }
        if let relative = lexicon.relativeMonths.matches(in: scalars).first {
            return (reference.adding(months: relative.payload), [])
        }
        if let table = lexicon.monthNames[language], let hit = table.matches(in: scalars).first {
            var year: Int?
            var indices: [Int] = []
            // A year right after the month name ("march 2026", "marzo de 2026").
            for (index, span) in spans.enumerated() where span.start > hit.end && span.start <= hit.end + 4 && span.digitCount == 4 && span.isPlainDigits {
                year = span.integer
                indices.append(index)
                break
            }
            return (resolve(month: hit.payload, year: year ?? relativeYear, reference: reference), indices)
        }
        return nil
    }

    /// A month without a year is the latest such month not after the reference month.
    private func resolve(month: Int, year: Int?, reference: YearMonth) -> YearMonth {
        if let year, (1900...2200).contains(year) { return YearMonth(year: year, month: month) }
        return YearMonth(year: month > reference.month ? reference.year - 1 : reference.year, month: month)
    }

    // MARK: times

    func time(in scalars: [UInt32], spans: [NumberSpan], excluding used: Set<Int>) -> (value: TimeOfDay, spanIndices: [Int])? {
        let words = lexicon.timeWords.matches(in: scalars)
        var meridiem: TimeWord?
        for word in words where word.payload == .am || word.payload == .pm || word.payload == .noon || word.payload == .midday {
            meridiem = word.payload == .midday ? .noon : word.payload
            break
        }
        func wordBefore(_ position: Int) -> (start: Int, payload: TimeWord)? {
            lexicon.timeWords.match(endingAt: SlotExtractor.gapStart(position, in: scalars), in: scalars)
        }
        func word(startingAt position: Int) -> (end: Int, payload: TimeWord)? {
            if let hit = lexicon.timeWords.match(startingAt: position, in: scalars) { return hit }
            if position < scalars.count, scalars[position] == 32 { return lexicon.timeWords.match(startingAt: position + 1, in: scalars) }
            return nil
        }
        for (index, span) in spans.enumerated() where !used.contains(index) {
            var hour: Int?
            var minute = 0
            var explicit = false
            var indices = [index]
            if span.text.contains(58) {
                let parts = String(String.UnicodeScalarView(span.text.compactMap(Unicode.Scalar.init))).split(separator: ":")
                guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { continue }
                hour = h
                minute = m
                explicit = true
            } else if let (h, m) = SlotExtractor.dottedTime(span.text),
                      [.hour, .am, .pm].contains(word(startingAt: span.end)?.payload) || wordBefore(span.start)?.payload == .lead {
                // "20.30 Uhr", "в 20.30", "9.30pm": a dot between hour and minutes.
                hour = h
                minute = m
                explicit = true
            } else if span.isPlainDigits, span.digitCount <= 2, let h = span.integer {
                let minuteAfter = index + 1 < spans.count ? spans[index + 1] : nil
                if let clock = wordBefore(span.start)?.payload.clockBeforeHour, h >= 1 {
                    // "halb 9" (halb neun) is 8:30, "quarter to 9" 8:45, "half past 9" 9:30.
                    hour = h + clock.hourOffset
                    minute = clock.minute
                    explicit = true
                } else if let minuteSpan = minuteAfter, minuteSpan.start == span.end + 1, minuteSpan.isPlainDigits, minuteSpan.digitCount == 2,
                          let m = minuteSpan.integer, m < 60,
                          wordBefore(span.start)?.payload == .lead || [.am, .pm].contains(word(startingAt: minuteSpan.end)?.payload) {
                    // "at 9 30", "nine thirty pm": the hour, a space and two-digit minutes.
                    hour = h
                    minute = m
                    explicit = true
                    indices.append(index + 1)
                } else if let after = word(startingAt: span.end) {
                    switch after.payload {
                    case .hour:
                        hour = h
                        if let clock = word(startingAt: after.end)?.payload.clockAfterHour {
                            hour = h + clock.hourOffset
                            minute = clock.minute
                            explicit = true
                        } else if let minuteSpan = spans.enumerated().first(where: { $0.element.start == after.end || $0.element.start == after.end + 1 }),
                                  minuteSpan.element.isPlainDigits, minuteSpan.element.digitCount <= 2,
                                  let m = minuteSpan.element.integer {
                            minute = m
                            explicit = true
                            indices.append(minuteSpan.offset)
                        }
                    case .am, .pm, .noon, .midday:
                        hour = h
                        explicit = true
                    default:
                        // "a las 9 y media", "9 y cuarto": the half or quarter right after the number.
                        if let clock = after.payload.clockAfterHour, h >= 1 {
                            hour = h + clock.hourOffset
                            minute = clock.minute
                            explicit = true
                        }
                    }
                }
                if hour == nil, wordBefore(span.start)?.payload == .lead {
                    hour = h
                }
            }
            guard var h = hour else { continue }
            if meridiem == nil && !explicit && h < 2 { continue }   // "快一点" is "a bit faster", not 1 o'clock
            switch meridiem {
            case .pm? where h < 12: h += 12
            case .am? where h == 12: h = 0
            case .noon? where h < 6: h += 12
            default: break
            }
            if let value = TimeOfDay(hour: h, minute: minute) { return (value, indices) }
        }
        // "at noon", "正午", "à midi": a midday word alone is 12:00.
        if words.contains(where: { $0.payload == .midday }), let value = TimeOfDay(hour: 12, minute: 0) { return (value, []) }
        return nil
    }
}
