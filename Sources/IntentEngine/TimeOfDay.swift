/// A local time of day (hour 0...23, minute 0...59), e.g. for a daily reminder at 08:00.
public struct TimeOfDay: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Hour, 0...23, local time.
    public let hour: Int
    /// Minute, 0...59.
    public let minute: Int

    /// Creates a time; nil when hour or minute is out of range.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// "08:30".
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}
