/// A local time of day to the minute ("09:30"), read in some time zone: when a reminder fires.
public struct LocalTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// 0...23.
    public let hour: Int
    /// 0...59.
    public let minute: Int

    /// A time of day; throws `ReminderError.invalidLocalTime` outside 00:00...23:59.
    public init(hour: Int, minute: Int, field: String = "local_time") throws {
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            throw ReminderError.invalidLocalTime(field: field, value: "\(hour):\(minute)")
        }
        self.hour = hour
        self.minute = minute
    }

    /// Parses "HH:MM" (one- or two-digit hour); "25:00", "9:60" and "nine" are rejected.
    public init(parsing text: String, field: String = "local_time") throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else {
            throw ReminderError.invalidLocalTime(field: field, value: text)
        }
        guard (0...23).contains(hour), (0...59).contains(minute) else { throw ReminderError.invalidLocalTime(field: field, value: text) }
        self.hour = hour
        self.minute = minute
    }

    /// Minutes since local midnight (0...1439).
    public var minuteOfDay: Int { hour * 60 + minute }

    /// "HH:MM".
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minuteOfDay < rhs.minuteOfDay }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
