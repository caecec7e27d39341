/// An ISO 4217 currency: its three-letter code and how many minor digits it has.
///
/// Amounts are always integers in minor units (fen for CNY, cents for USD, whole yen for JPY),
/// so the number of minor digits is what turns a decimal string into minor units and back.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The ISO 4217 alphabetic code, upper case ("CNY").
    public let code: String
    /// Digits after the decimal point in this currency (2 for CNY, 0 for JPY and KRW).
    public let minorDigits: Int

    /// Looks a currency up by its ISO 4217 code (any case); nil for codes PayAssist does not know.
    public init?(code: String) {
        let upper = code.uppercased()
        guard let digits = Currency.minorDigitsByCode[upper] else { return nil }
        self.code = upper
        self.minorDigits = digits
    }

    private init(known code: String) {
        self.code = code
        self.minorDigits = Currency.minorDigitsByCode[code]!
    }

    public var description: String { code }

    /// How many minor units make one major unit (100 for CNY, 1 for JPY).
    public var minorUnitsPerMajor: Int64 {
        var factor: Int64 = 1
        for _ in 0..<minorDigits { factor *= 10 }
        return factor
    }

    public static let cny = Currency(known: "CNY")
    public static let usd = Currency(known: "USD")
    public static let eur = Currency(known: "EUR")
    public static let gbp = Currency(known: "GBP")
    public static let jpy = Currency(known: "JPY")
    public static let krw = Currency(known: "KRW")
    public static let hkd = Currency(known: "HKD")
    public static let twd = Currency(known: "TWD")
    public static let sgd = Currency(known: "SGD")
    public static let aud = Currency(known: "AUD")
    public static let cad = Currency(known: "CAD")
    public static let rub = Currency(known: "RUB")
    public static let chf = Currency(known: "CHF")

    /// ISO 4217 minor digits of every currency PayAssist handles.
    public static let minorDigitsByCode: [String: Int] = [
        "CNY": 2, "USD": 2, "EUR": 2, "GBP": 2, "JPY": 0, "KRW": 0, "HKD": 2, "TWD": 2,
        "SGD": 2, "AUD": 2, "CAD": 2, "RUB": 2, "CHF": 2, "NZD": 2, "MOP": 2, "THB": 2,
        "MYR": 2, "INR": 2, "AED": 2, "SEK": 2, "NOK": 2, "DKK": 2, "MXN": 2, "BRL": 2,
        "XOF": 0, "XAF": 0, "MAD": 2, "ARS": 2, "COP": 2, "CLP": 0, "PLN": 2, "CZK": 2,
        "PHP": 2, "NGN": 2, "IDR": 2, "VND": 0, "PKR": 2, "ZAR": 2, "KES": 2, "SAR": 2, "KZT": 2, "PEN": 2, "UAH": 2,
    ]

    /// Every known currency, sorted by code.
    public static var all: [Currency] {
        minorDigitsByCode.keys.sorted().map { Currency(known: $0) }
    }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let currency = Currency(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown currency \(code)"))
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
