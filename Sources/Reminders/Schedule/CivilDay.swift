import Billing
import Foundation

/// Calendar dates as day numbers (days since 1970-01-01) with pure integer arithmetic
/// (H. Hinnant's civil-from-days algorithms): fast enough to plan a million schedules.
public enum CivilDay {
    /// The day number of a proleptic Gregorian date.
    public static func number(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// The day number of a `LocalDate`.
    public static func number(_ date: LocalDate) -> Int32 { number(year: date.year, month: date.month, day: date.day) }

    /// The date of a day number.
    public static func date(_ dayNumber: Int32) -> LocalDate {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return LocalDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The local day number of an instant (epoch seconds) in a time zone.
    public static func localDay(of seconds: Int64, in timeZone: TimeZone) -> Int32 {
        let local = seconds + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        return Int32(floorDiv(local, 86_400))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
