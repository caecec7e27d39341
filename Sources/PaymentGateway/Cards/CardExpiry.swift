import Foundation

/// A card's expiry month. The card is valid through the last instant of that month, in UTC.
public struct CardExpiry: Sendable, Hashable, Codable {
    /// 1-12.
    public let month: Int
    /// Four-digit year.
    public let year: Int

    public init(month: Int, year: Int) {
        self.month = month
        self.year = year
    }

    /// True once the expiry month has ended at `now` (UTC).
    public func isPast(at now: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: now)
        guard let currentYear = parts.year, let currentMonth = parts.month else { return true }
        return year < currentYear || (year == currentYear && month < currentMonth)
    }
}
