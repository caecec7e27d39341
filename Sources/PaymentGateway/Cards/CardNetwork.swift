/// A card network (scheme), recognized from the card number's leading digits (its BIN range).
public enum CardNetwork: String, Sendable, Codable, CaseIterable, Hashable {
    case visa
    case mastercard
    case amex
    case jcb
    case unionpay
    case discover
    case diners

    /// The network whose BIN ranges contain `digits` (a string of ASCII digits), or nil.
    ///
    /// Ranges: Visa 4; Mastercard 51-55 and 2221-2720; American Express 34, 37; JCB 3528-3589;
    /// UnionPay 62; Discover 6011, 644-649, 65; Diners Club 300-305, 36, 38-39.
    public static func detect(digits: String) -> CardNetwork? {
        func prefix(_ count: Int) -> Int? {
            guard digits.count >= count else { return nil }
            return Int(digits.prefix(count))
        }
        if let two = prefix(2) {
            if two == 34 || two == 37 { return .amex }
            if two == 36 || two == 38 || two == 39 { return .diners }
            if (51...55).contains(two) { return .mastercard }
            if two == 62 { return .unionpay }
            if two == 65 { return .discover }
        }
        if let three = prefix(3) {
            if (300...305).contains(three) { return .diners }
            if (644...649).contains(three) { return .discover }
        }
        if let four = prefix(4) {
            if (3528...3589).contains(four) { return .jcb }
            if four == 6011 { return .discover }
            if (2221...2720).contains(four) { return .mastercard }
        }
        if digits.hasPrefix("4") { return .visa }
        return nil
    }

    /// The card number lengths this network issues.
    public var validLengths: Set<Int> {
        switch self {
        case .visa: return [13, 16, 19]
        case .mastercard: return [16]
        case .amex: return [15]
        case .jcb, .unionpay, .discover: return [16, 17, 18, 19]
        case .diners: return [14, 15, 16, 17, 18, 19]
        }
    }

    /// Digits in the card's security code: 4 on American Express, 3 elsewhere.
    public var cvcLength: Int { self == .amex ? 4 : 3 }

    /// The name shown to people ("Visa", "American Express").
    public var displayName: String {
        switch self {
        case .visa: return "Visa"
        case .mastercard: return "Mastercard"
        case .amex: return "American Express"
        case .jcb: return "JCB"
        case .unionpay: return "UnionPay"
        case .discover: return "Discover"
        case .diners: return "Diners Club"
        }
    }
}
