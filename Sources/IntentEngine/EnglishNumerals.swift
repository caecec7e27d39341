/// Rewrites English number words as digits where they form an amount or a time:
/// "fifty dollars" to "50 dollars", "two hundred and twenty yuan" to "220 yuan", "a hundred bucks"
/// to "100 bucks", "nine thirty" to "9 30". A lone "one" or "a" stays a word.
enum EnglishNumerals {
    private static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    private static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    private static let scales: [String: Int] = ["hundred": 100, "thousand": 1000]

    /// The number words packed seven bits a letter (all are 3-9 lowercase ASCII letters), so a text's
    /// words can be checked without building strings.
    private static let packedNumberWords: Set<UInt64> = Set((Array(units.keys) + Array(tens.keys) + Array(scales.keys)).compactMap { pack($0.unicodeScalars.map(\.value)[...]) })

    private static func pack(_ letters: ArraySlice<UInt32>) -> UInt64? {
        guard (3...9).contains(letters.count) else { return nil }
        var packed: UInt64 = 0
        for letter in letters {
            guard letter >= 97 && letter <= 122 else { return nil }
            packed = packed << 7 | UInt64(letter)
        }
        return packed
    }

    /// True when some space-separated word of `scalars` is a number word: the cheap test before
    /// `convert`, which most texts (no number words) then skip.
    static func containsNumberWord(_ scalars: [UInt32]) -> Bool {
        var start = 0
        while start < scalars.count {
            var end = start
            while end < scalars.count && scalars[end] != 32 { end += 1 }
            if let packed = pack(scalars[start..<end]), packedNumberWords.contains(packed) { return true }
            start = end + 1
        }
        return false
    }

    /// Fewest single-digit words in a row that are read as a digit string.
    static let minimumSpokenDigits = 4

    /// The digit a word says when numbers are read digit by digit ("oh" is 0 inside a run only).
    private static func spokenDigit(_ word: Substring, first: Bool) -> Int? {
        if !first && (word == "oh" || word == "o") { return 0 }
        guard let value = units[String(word)], value < 10 else { return nil }
        return value
    }

    /// True when `word` is a number word (a quick filter before `convert`).
    static func isNumberWord(_ word: Substring) -> Bool {
        units[String(word)] != nil || tens[String(word)] != nil || scales[String(word)] != nil
    }

    /// The text with runs of number words replaced by digits (only runs of two or more words, or one
    /// word other than "one"/"a" followed by nothing that makes it a pronoun).
    static func convert(_ text: String) -> String {
        let words = text.split(separator: " ")
        guard words.contains(where: isNumberWord) else { return text }
        var output: [String] = []
        var index = 0
        while index < words.count {
            // "three one zero zero four five six seven eight nine": digits read one by one are a
            // number written digit by digit (an account), not a sum.
            var digitsEnd = index
            var digits = ""
            while digitsEnd < words.count, let digit = spokenDigit(words[digitsEnd], first: digitsEnd == index) {
                digits += String(digit)
                digitsEnd += 1
            }
            if digitsEnd - index >= minimumSpokenDigits {
                output.append(digits)
                index = digitsEnd
                continue
            }
            var end = index
            var total = 0
            var current = 0
            var consumed = 0
            // "2 thousand", "3 hundred and fifty": a scale word after digits scales them.
            if scales[String(words[index])] != nil, let last = output.last, last.count <= 6, let digits = Int(last) {
                output.removeLast()
                current = digits
            }
            while end < words.count {
                let word = String(words[end])
                if let value = units[word] {
                    // "nine thirty" is two numbers (a time), not 39; "twenty one" is 21.
                    if current % 10 != 0 || (current % 100 >= 10 && current % 100 < 20) { break }
                    current += value
                } else if let value = tens[word] {
                    if current % 100 != 0 { break }
                    current += value
                } else if let value = scales[word] {
                    if current == 0 { current = 1 }
                    if value == 1000 { total += current * 1000; current = 0 } else { current *= value }
                } else if word == "and" || word == "n", consumed > 0, end + 1 < words.count, isNumberWord(words[end + 1]) {
                    // "two hundred and twenty", "two hundred n eighty"
                } else if word == "a", consumed == 0, end + 1 < words.count, scales[String(words[end + 1])] != nil {
                    current = 0   // "a hundred"
                } else {
                    break
                }
                consumed += 1
                end += 1
            }
            let numberWords = words[index..<end].filter { isNumberWord($0) }.count
            if numberWords == 0 {
                output.append(String(words[index]))
                index += 1
                continue
            }
            let single = end - index == 1 ? String(words[index]) : nil
            if single == "one" || single == "zero" {
                output.append(contentsOf: words[index..<end].map(String.init))
            } else if end + 1 < words.count, words[end] == "point", let tenths = units[String(words[end + 1])], tenths < 10 {
                // "eighty eight point five": one digit word after "point" is the decimal part.
                output.append("\(total + current).\(tenths)")
                end += 2
            } else {
                output.append(String(total + current))
            }
            index = end
        }
        return output.joined(separator: " ")
    }
}
