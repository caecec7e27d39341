/// Rewrites Chinese numerals as ASCII digits: "一百二十块五" to "120块5", "两千五" to "2500",
/// "三千零五十" to "3050", digit-by-digit "幺零零二三" to "10023" (幺 = 1, 洞 = 0, 两 = 2),
/// and "3万" to "30000". Single numerals only become digits before a measure word ("三月", "五块"),
/// so words such as "一下" and "万一" stay as they are.
enum ChineseNumerals {
    /// Digit value of a numeral character, nil for none.
    @inline(__always) static func digit(_ value: UInt32) -> Int? {
        switch value {
        case 0x96F6, 0x3007, 0x6D1E: return 0          // 零 〇 洞
        case 0x4E00, 0x5E7A, 0x58F9: return 1          // 一 幺 壹
        case 0x4E8C, 0x4E24, 0x8D30: return 2          // 二 两 贰
        case 0x4E09, 0x53C1: return 3                  // 三 叁
        case 0x56DB, 0x8086: return 4                  // 四 肆
        case 0x4E94, 0x4F0D: return 5                  // 五 伍
        case 0x516D, 0x9646: return 6                  // 六 陆
        case 0x4E03, 0x67D2: return 7                  // 七 柒
        case 0x516B, 0x634C: return 8                  // 八 捌
        case 0x4E5D, 0x7396: return 9                  // 九 玖
        default: return nil
        }
    }

    /// Multiplier of a unit character, nil for none.
    @inline(__always) static func unit(_ value: UInt32) -> Int? {
        switch value {
        case 0x5341, 0x62FE: return 10                 // 十 拾
        case 0x767E, 0x4F70: return 100                // 百 佰
        case 0x5343, 0x4EDF: return 1000               // 千 仟
        case 0x4E07: return 10_000                     // 万
        case 0x4EBF: return 100_000_000                // 亿
        default: return nil
        }
    }

    /// Hangul units written after digits in Korean amounts ("3만" is 30000).
    @inline(__always) static func hangulUnit(_ value: UInt32) -> Int? {
        switch value {
        case 0xB9CC: return 10_000   // 만
        case 0xCC9C: return 1000     // 천
        case 0xBC31: return 100      // 백
        default: return nil
        }
    }

    /// Characters after which a lone numeral is a number: measure words, months, currencies, times.
    static let measureWords: Set<UInt32> = Set("块元角毛分点月号日年岁度个美欧英港韩卢台澳时钟周期次位号".unicodeScalars.map(\.value))
    /// Money units after which a lone 百/千/万 counts one of it ("百元", "千円", "万块").
    static let moneyUnits: Set<UInt32> = Set("元块円圆".unicodeScalars.map(\.value))
    /// Characters before "一点" that make it one o'clock (下午, 早上, 凌晨, 每天, 到, 在...).
    static let timeContext: Set<UInt32> = Set("午上晨晚早夜天到在是".unicodeScalars.map(\.value))
    /// Characters after 一块 that make it "together" (一块儿, 一块交, 一块去), not one yuan.
    static let togetherFollowers: Set<UInt32> = Set("儿交缴付去来走弄办算吃住玩买过带".unicodeScalars.map(\.value))
    /// "个" only counts after a numeral in "个月"; see `isMeasure`.
    private static let ge: UInt32 = 0x4E2A
    private static let yue: UInt32 = 0x6708

    @inline(__always) static func isNumeralScalar(_ value: UInt32) -> Bool {
        digit(value) != nil || unit(value) != nil
    }

    @inline(__always) static func isASCIIDigit(_ value: UInt32) -> Bool { value >= 48 && value <= 57 }

    /// 参, the Simplified form of the financial numeral 參 (3, as in 貳佰參拾), and also the first
    /// character of common words (参加, 参考, 人参).
    static let can: UInt32 = 0x53C2

    /// Whether the 参 at `index` is the numeral 3: straight before a unit or a money unit (参佰, 参拾元,
    /// 参元), or straight after a unit with no other word following (贰佰参, 壹仟参 元).
    static func isFinancialThree(at index: Int, in scalars: [UInt32]) -> Bool {
        let next: UInt32? = index + 1 < scalars.count ? scalars[index + 1] : nil
        if let next, unit(next) != nil || moneyUnits.contains(next) { return true }
        guard index > 0, unit(scalars[index - 1]) != nil else { return false }
        guard let next else { return true }
        return !TextNormalizer.isHan(next) || measureWords.contains(next)
    }

    /// Rewrites the numerals in `scalars` (already Simplified and lower-cased).
    static func convert(_ scalars: [UInt32]) -> [UInt32] {
        var scalars = scalars
        if scalars.contains(can) {
            for index in scalars.indices where scalars[index] == can && isFinancialThree(at: index, in: scalars) {
                scalars[index] = 0x53C1   // 叁
            }
        }
        var output: [UInt32] = []
        output.reserveCapacity(scalars.count + 8)
        var index = 0
        let count = scalars.count
        while index < count {
            let value = scalars[index]
            // ASCII number followed by a Chinese or Hangul unit: "3万", "1.5万", "5千", and the rest
            // of the amount after it: "1万5千", "1万5000", "2만 5천", "1万五千", "1万5", "1千5", "3百5".
            if isASCIIDigit(value) {
                var end = index
                while end < count && (isASCIIDigit(scalars[end]) || (scalars[end] == 46 && end + 1 < count && isASCIIDigit(scalars[end + 1]) && end > index)) { end += 1 }
                if end < count, let multiplier = unit(scalars[end]) ?? hangulUnit(scalars[end]), multiplier >= 100,
                   let number = Double(String(String.UnicodeScalarView(scalars[index..<end].compactMap(Unicode.Scalar.init)))) {
                    var total = number * Double(multiplier)
                    var resume = end + 1
                    if multiplier >= 100, let (rest, restEnd) = remainder(after: resume, in: scalars, below: multiplier) {
                        total += Double(rest)
                        resume = restEnd
                    }
                    if total < 1e15, total == total.rounded(), resume >= count || !isNumeralScalar(scalars[resume]) {
                        output.append(contentsOf: String(Int64(total)).unicodeScalars.map(\.value))
                        index = resume
                        continue
                    }
                }
                output.append(contentsOf: scalars[index..<end])
                index = end
                continue
            }
            guard isNumeralScalar(value) else {
                output.append(value)
                index += 1
                continue
            }
            let end = numberRunEnd(from: index, in: scalars)
            let run = Array(scalars[index..<end])
            // Two numbers said one after the other ("两百两百", spaces between Chinese words are gone):
            // keep them apart.
            if index > 0, isNumeralScalar(scalars[index - 1]) { output.append(32) }
            let next: UInt32? = end < count ? scalars[end] : nil
            let previous: UInt32? = index > 0 ? scalars[index - 1] : nil
            if let replacement = number(for: run, next: next, previous: previous, following: end + 1 < count ? scalars[end + 1] : nil, wholeText: index == 0 && end == count) {
                output.append(contentsOf: replacement)
            } else {
                output.append(contentsOf: run)
            }
            index = end
        }
        return output
    }

    /// Where the run of numeral characters starting at `start` ends: at the first non-numeral, or where
    /// a unit below 万 is not smaller than the one before it, so a new number begins ("两百|两百",
    /// "五十|五十"; "一千二百" and "三万五千" are one number each).
    static func numberRunEnd(from start: Int, in scalars: [UInt32]) -> Int {
        var end = start
        var lastUnit = 0
        while end < scalars.count && isNumeralScalar(scalars[end]) {
            if let u = unit(scalars[end]) {
                if u < 10_000, lastUnit != 0, u >= lastUnit {
                    let numberStart = digit(scalars[end - 1]) != nil ? end - 1 : end
                    if numberStart > start { return numberStart }
                }
                lastUnit = u >= 10_000 ? 0 : u
            }
            end += 1
        }
        return end
    }

    /// The part of an amount after a large unit ("5千" in "1万5千"), when `start` begins one: digits
    /// with a smaller unit ("5千", "5천", after one space too), bare digits worth less than the
    /// unit ("5000"), a single digit right after it meaning the next place down ("1万5" is 15000),
    /// or Chinese numerals ("五千"). Returns its value and where it ends.
    static func remainder(after start: Int, in scalars: [UInt32], below multiplier: Int) -> (value: Int, end: Int)? {
        let count = scalars.count
        var cursor = start
        if cursor < count && scalars[cursor] == 32 { cursor += 1 }
        guard cursor < count else { return nil }
        if isASCIIDigit(scalars[cursor]) {
            var digitsEnd = cursor
            while digitsEnd < count && isASCIIDigit(scalars[digitsEnd]) { digitsEnd += 1 }
            guard digitsEnd - cursor <= 12, let digits = Int(String(String.UnicodeScalarView(scalars[cursor..<digitsEnd].compactMap(Unicode.Scalar.init)))) else { return nil }
            if digitsEnd < count, let small = unit(scalars[digitsEnd]) ?? hangulUnit(scalars[digitsEnd]), small < multiplier {
                return (digits * small, digitsEnd + 1)
            }
            guard cursor == start else { return nil }   // "2만 5000" may be two numbers
            if digitsEnd - cursor == 1 && (digitsEnd >= count || scalars[digitsEnd] != 46) {
                return (digits * multiplier / 10, digitsEnd)
            }
            return digits < multiplier ? (digits, digitsEnd) : nil
        }
        guard cursor == start, isNumeralScalar(scalars[cursor]), digit(scalars[cursor]) != nil else { return nil }
        var runEnd = cursor
        while runEnd < count && isNumeralScalar(scalars[runEnd]) && (unit(scalars[runEnd]) ?? 0) < multiplier { runEnd += 1 }
        let run = Array(scalars[cursor..<runEnd])
        guard run.contains(where: { unit($0) != nil }) || run.count == 1,
              let digits = number(for: run, next: nil, previous: nil, following: nil, wholeText: true),
              var value = Int(String(String.UnicodeScalarView(digits.compactMap(Unicode.Scalar.init)))) else { return nil }
        if run.count == 1 { value *= multiplier / 10 }   // "1万五" is 15000
        return value < multiplier ? (value, runEnd) : nil
    }

    /// The digits for one run of numeral characters, nil to leave it alone.
    private static func number(for run: [UInt32], next: UInt32?, previous: UInt32?, following: UInt32?, wholeText: Bool) -> [UInt32]? {
        if let range = range(run) { return range }
        let hasUnit = run.contains { unit($0) != nil }
        if !hasUnit {
            if run.count >= 2 {
                return run.map { UInt32(48 + digit($0)!) }
            }
            let only = run[0]
            if only == 0x6D1E || only == 0x5E7A { return nil }   // lone 洞/幺 are words
            var beforeMeasure = next.map { isMeasure($0, following: following) } ?? false
            // "一块交了", "一块儿去": 一块 before a verb or 儿 is "together", not one yuan.
            if only == 0x4E00, next == 0x5757, let following, ChineseNumerals.togetherFollowers.contains(following) { beforeMeasure = false }
            // "一次性" is "all at once", not a count.
            if only == 0x4E00, next == 0x6B21, following == 0x6027 { beforeMeasure = false }
            // "一点" is usually "a bit" ("慢一点"); it is one o'clock only with a time around it
            // ("下午一点", "一点半", "一点钟").
            if only == 0x4E00, next == 0x70B9 {
                let timeAfter = following.map { $0 == 0x534A || $0 == 0x949F || $0 == 0x5206 || digit($0) != nil || unit($0) != nil } ?? false
                let timeBefore = previous.map { ChineseNumerals.timeContext.contains($0) } ?? false
                beforeMeasure = timeAfter || timeBefore
            }
            // "120块5", "5毛6": a numeral straight after 块/元/点/毛/角 that follows digits is the next place.
            let afterSmallUnit = previous.map { $0 == 0x5757 || $0 == 0x5143 || $0 == 0x70B9 || $0 == 0x6BDB || $0 == 0x89D2 } ?? false
            if beforeMeasure || afterSmallUnit || wholeText {
                return [UInt32(48 + digit(only)!)]
            }
            return nil
        }
        if let first = run.first, let firstUnit = unit(first), firstUnit != 10 {
            // "百元", "千円", "万円": a lone 百/千/万 right before a money unit is one of it.
            if run.count == 1, let next, ChineseNumerals.moneyUnits.contains(next) { return String(firstUnit).unicodeScalars.map(\.value) }
            // "千五百円", "百五十": a leading 百 or 千 followed by a digit counts one of it.
            guard firstUnit < 10_000, run.count >= 2, digit(run[1]) != nil else { return nil }   // 千万, 万一, 百分
        }
        var total = 0
        var section = 0
        var pendingDigit: Int?
        var lastUnit = 0
        var zeroSinceUnit = false
        for value in run {
            if let d = digit(value) {
                if d == 0 { zeroSinceUnit = true; pendingDigit = nil; continue }
                pendingDigit = d
            } else if let u = unit(value) {
                if u >= 10_000 {
                    section += pendingDigit ?? 0
                    total += max(section, 1) * u
                    section = 0
                } else {
                    section += (pendingDigit ?? 1) * u
                }
                pendingDigit = nil
                lastUnit = u
                zeroSinceUnit = false
            }
        }
        if let d = pendingDigit {
            if lastUnit >= 100 && !zeroSinceUnit {
                section += d * (lastUnit / 10)
            } else {
                section += d
            }
        }
        total += section
        return String(total).unicodeScalars.map(\.value)
    }

    /// Two rising digits said together are a range of guesses, written "30~40" so that no single
    /// number stands for it: "三四十" (30~40), "两三百", "三五千", "十五六" (15~16), "二十七八" (27~28).
    /// Nil for anything else.
    static func range(_ run: [UInt32]) -> [UInt32]? {
        func written(_ low: Int, _ high: Int) -> [UInt32] { Array("\(low)~\(high)".unicodeScalars.map(\.value)) }
        // "三四十", "两三百", "三五千": two digits, then the place they share.
        if run.count == 3, let low = digit(run[0]), let high = digit(run[1]), let place = unit(run[2]), place <= 10_000,
           low > 0, high > low, high - low <= 2 {
            return written(low * place, high * place)
        }
        // "十五六", "二十七八": tens, then two neighbouring units digits.
        let tens: Int
        switch run.count {
        case 3 where unit(run[0]) == 10: tens = 1
        case 4 where unit(run[1]) == 10: tens = digit(run[0]) ?? 0
        default: return nil
        }
        guard tens > 0, let low = digit(run[run.count - 2]), let high = digit(run[run.count - 1]), low > 0, high == low + 1 else { return nil }
        return written(tens * 10 + low, tens * 10 + high)
    }

    /// True when `value` is a measure word after a lone numeral ("个" only in "个月").
    @inline(__always) private static func isMeasure(_ value: UInt32, following: UInt32?) -> Bool {
        if value == ge { return following == yue }
        return measureWords.contains(value)
    }
}
