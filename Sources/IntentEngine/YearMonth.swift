/// A calendar month (the billing period a user asks about), e.g. March 2026.
public struct YearMonth: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The Gregorian year.
    public let year: Int
    /// The month, 1...12.
    public let month: Int

    /// Creates a month; `month` is clamped into 1...12 by carrying into the year.
    public init(year: Int, month: Int) {
        let zeroBased = month - 1
        let carry = zeroBased >= 0 ? zeroBased / 12 : (zeroBased - 11) / 12
        self.year = year + carry
        self.month = zeroBased - carry * 12 + 1
    }

    /// The month `offset` months after this one (negative goes back).
    public func adding(months offset: Int) -> YearMonth { YearMonth(year: year, month: month + offset) }

    /// "2026-03".
    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
