/// An amount of money: integer minor units plus an ISO 4217 currency. Never a floating-point value.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The amount in the currency's minor units (fen, cents, whole yen).
    public let minorUnits: Int64
    /// The currency the amount is in.
    public let currency: Currency

    /// Creates an amount from minor units (12050 CNY minor units is 120.50 yuan).
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a decimal string ("120.5", "120.50", "5000") in major units.
    ///
    /// - Returns: nil when the text is not a plain non-negative decimal, has more decimals
    ///   than the currency allows, or overflows.
    public init?(decimalString text: String, currency: Currency) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if parts.count == 2 && fraction.isEmpty { return nil }
        // Trailing zeros beyond the currency's digits are harmless ("5000.00" JPY).
        while fraction.count > currency.minorDigits && fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= currency.minorDigits else { return nil }
        fraction += String(repeating: "0", count: currency.minorDigits - fraction.count)
        guard let major = Int64(whole), let minor = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
        let (scaled, overflow1) = major.multipliedReportingOverflow(by: currency.minorUnitsPerMajor)
        let (total, overflow2) = scaled.addingReportingOverflow(minor)
        guard !overflow1, !overflow2 else { return nil }
        self.init(minorUnits: total, currency: currency)
    }

    /// The amount as a decimal string with exactly the currency's minor digits ("120.50", "5000").
    public var decimalString: String {
        let factor = currency.minorUnitsPerMajor
        let negative = minorUnits < 0
        let magnitude = minorUnits.magnitude
        let major = magnitude / UInt64(factor)
        let minor = magnitude % UInt64(factor)
        var text = negative ? "-" : ""
        text += String(major)
        if currency.minorDigits > 0 {
            let digits = String(minor)
            text += "." + String(repeating: "0", count: currency.minorDigits - digits.count) + digits
        }
        return text
    }

    public var description: String { "\(decimalString) \(currency.code)" }

    /// The sum of two amounts in the same currency.
    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    /// The difference of two amounts in the same currency.
    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "subtracting \(rhs.currency) from \(lhs.currency)")
        return Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    /// JSON shape everywhere: `{"amount": 12050, "currency": "CNY"}` (integer minor units).
    enum CodingKeys: String, CodingKey {
        case minorUnits = "amount"
        case currency
    }

    /// The zero amount in a currency.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }
}
