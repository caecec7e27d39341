/// An exact, non-negative decimal rate stored as an integer count of 1e-8 units (never a Double).
///
/// "7.1120" is stored as 711_200_000. Eight decimals is the precision of every rate the gateway
/// quotes; anything finer is rounded with `Rounding.halfUp`.
public struct ExchangeRate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Units of 1e-8 per 1.
    public static let scale: Int64 = 100_000_000
    /// Decimals kept.
    public static let decimals = 8

    /// The rate times 1e8.
    public let scaled: Int64

    public init(scaled: Int64) {
        precondition(scaled >= 0, "rates are never negative")
        self.scaled = scaled
    }

    /// The rate 1 (same currency).
    public static let one = ExchangeRate(scaled: scale)

    /// Parses a plain decimal ("7.1120", "0.0050870") with at most 8 decimals; nil otherwise or when zero.
    public init?(decimalString text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 9,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= ExchangeRate.decimals, parts.count == 1 || !fraction.isEmpty,
              fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              let whole = Int64(parts[0]) else { return nil }
        let padded = fraction + String(repeating: "0", count: ExchangeRate.decimals - fraction.count)
        let value = whole * ExchangeRate.scale + (Int64(padded) ?? 0)
        guard value > 0 else { return nil }
        self.init(scaled: value)
    }

    /// The rate as a decimal string with trailing zeros removed ("0.14060742", "1").
    public var decimalString: String {
        let whole = scaled / ExchangeRate.scale
        var fraction = String(scaled % ExchangeRate.scale)
        fraction = String(repeating: "0", count: ExchangeRate.decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }

    public var description: String { decimalString }

    public static func < (lhs: ExchangeRate, rhs: ExchangeRate) -> Bool { lhs.scaled < rhs.scaled }

    /// The cross rate `numerator / denominator`, rounded half-up to 8 decimals.
    public static func ratio(_ numerator: ExchangeRate, over denominator: ExchangeRate) -> ExchangeRate {
        ExchangeRate(scaled: Rounding.halfUp(numerator.scaled, times: scale, dividedBy: denominator.scaled))
    }
}

/// The gateway's one rounding rule: round half up (half away from zero), once, at the end of each
/// computation, to the last kept digit (8 decimals for rates, the currency's minor unit for money).
public enum Rounding {
    /// `value * multiplier / divisor` for non-negative operands, computed exactly in 128 bits and
    /// rounded half up. Traps on a result that does not fit Int64 (callers bound amounts first).
    public static func halfUp(_ value: Int64, times multiplier: Int64, dividedBy divisor: Int64) -> Int64 {
        precondition(value >= 0 && multiplier >= 0 && divisor > 0, "Rounding.halfUp takes non-negative operands")
        let product = UInt64(value).multipliedFullWidth(by: UInt64(multiplier))
        let (quotient, remainder) = UInt64(divisor).dividingFullWidth(product)
        let roundsUp = remainder >= UInt64(divisor) - remainder
        let result = quotient + (roundsUp ? 1 : 0)
        precondition(result <= UInt64(Int64.max), "amount overflow")
        return Int64(result)
    }

    /// 10^exponent for small exponents.
    static func powerOfTen(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
