import Foundation

/// A local time of day (hour 0...23, minute 0...59), for reminders.
public struct LocalTimeOfDay: Sendable, Hashable, Codable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// Creates a time; nil when out of range.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// "08:30".
    public var description: String { String(format: "%02d:%02d", hour, minute) }
}
