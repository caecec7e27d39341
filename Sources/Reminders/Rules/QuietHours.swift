/// A local window in which no reminder may ring ("21:00" to "08:00", possibly across midnight).
/// A reminder due inside it is moved to the window's end.
public struct QuietHours: Hashable, Sendable, Codable {
    /// First quiet minute.
    public let start: LocalTime
    /// First minute after the window.
    public let end: LocalTime

    public init(start: LocalTime, end: LocalTime) {
        self.start = start
        self.end = end
    }

    /// True when the window wraps past midnight (start later than end).
    public var wrapsMidnight: Bool { start > end }

    /// True when `time` is inside the window (start inclusive, end exclusive).
    public func contains(_ time: LocalTime) -> Bool {
        if start == end { return false }
        return wrapsMidnight ? (time >= start || time < end) : (time >= start && time < end)
    }

    /// Where a reminder at `time` on its trigger day really fires: the same time when outside the
    /// window, else the window's end, which is on the next day for the evening part of a window
    /// that wraps midnight.
    ///
    /// - Returns: whole days to add to the trigger day (0 or 1) and the local time.
    public func shift(_ time: LocalTime) -> (dayOffset: Int, time: LocalTime) {
        guard contains(time) else { return (0, time) }
        if wrapsMidnight && time >= start { return (1, end) }
        return (0, end)
    }
}
