import Foundation

/// Turns a local date and time of day in a time zone into the instant it happens, correctly
/// across daylight-saving changes:
/// - a local time skipped by a spring-forward gap resolves to the next valid minute (02:30 on the
///   night New York jumps from 02:00 to 03:00 resolves to 03:00 EDT);
/// - a local time that happens twice in a fall-back overlap resolves to its first occurrence, so
///   a reminder keyed by its local date fires once.
public enum LocalTimeResolver {
    /// The instant (seconds since 1970) of `minuteOfDay` on civil day `day` in `timeZone`.
    public static func instant(day: Int32, minuteOfDay: Int, in timeZone: TimeZone) -> Int64 {
        let local = Int64(day) * 86_400 + Int64(minuteOfDay) * 60
        func offset(_ seconds: Int64) -> Int64 {
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        }
        let offsetBefore = offset(local - 86_400)
        let offsetAfter = offset(local + 86_400)
        var best: Int64?
        for candidateOffset in offsetBefore == offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter] {
            let utc = local - candidateOffset
            if offset(utc) == candidateOffset { best = min(best ?? utc, utc) }
        }
        if let best { return best }
        // Inside a gap: the first minute whose local reading is at or after the wanted time.
        var low = (local - max(offsetBefore, offsetAfter)) / 60
        var high = (local - min(offsetBefore, offsetAfter)) / 60 + 1
        while low < high {
            let middle = (low + high) / 2
            let seconds = middle * 60
            if seconds + offset(seconds) >= local { high = middle } else { low = middle + 1 }
        }
        return low * 60
    }

    /// The instant of a local date and time as a `Date` (convenience for callers and tests).
    public static func date(_ date: Int32, _ time: LocalTime, in timeZone: TimeZone) -> Date {
        Date(timeIntervalSince1970: Double(instant(day: date, minuteOfDay: time.minuteOfDay, in: timeZone)))
    }
}

/// Memoizes `LocalTimeResolver.instant` per (zone, day, minute): a million customers share a few
/// dozen zones and a few reminder times, so planning them costs a dictionary lookup each.
/// Not thread-safe: owned by one scheduler queue or one planning call.
final class LocalTimeCache {
    private var zones: [TimeZone] = []
    private var zoneIndex: [String: Int] = [:]
    private var instants: [Int64: Int64] = [:]

    /// Index of a zone identifier (an unknown identifier resolves to `fallback`).
    func zone(_ identifier: String, fallback: TimeZone) -> Int {
        if let index = zoneIndex[identifier] { return index }
        zones.append(TimeZone(identifier: identifier) ?? fallback)
        zoneIndex[identifier] = zones.count - 1
        return zones.count - 1
    }

    func timeZone(_ index: Int) -> TimeZone { zones[index] }

    func identifier(_ index: Int) -> String { zones[index].identifier }

    /// The resolved instant of `minuteOfDay` on `day` in zone `index`.
    func instant(zone index: Int, day: Int32, minuteOfDay: Int) -> Int64 {
        let key = Int64(index) << 48 | Int64(UInt32(bitPattern: day)) << 11 | Int64(minuteOfDay)
        if let known = instants[key] { return known }
        let value = LocalTimeResolver.instant(day: day, minuteOfDay: minuteOfDay, in: zones[index])
        instants[key] = value
        return value
    }
}
