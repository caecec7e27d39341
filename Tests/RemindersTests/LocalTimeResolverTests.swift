import Foundation
import Testing
@testable import Reminders

/// Local times become instants correctly across daylight-saving changes.
struct LocalTimeResolverTests {
    static func resolve(_ date: String, _ time: String, _ zone: String) throws -> Date {
        LocalTimeResolver.date(CivilDay.number(TestSupport.date(date)), try LocalTime(parsing: time), in: TimeZone(identifier: zone)!)
    }

    @Test(arguments: [
        // Ordinary days.
        ("2026-11-28", "09:00", "Asia/Shanghai", "2026-11-28T01:00:00Z"),
        ("2026-11-28", "09:00", "Pacific/Kiritimati", "2026-11-27T19:00:00Z"),
        ("2026-11-28", "09:00", "Pacific/Honolulu", "2026-11-28T19:00:00Z"),
        // Skipped local times fire at the next valid minute.
        ("2026-03-08", "02:30", "America/New_York", "2026-03-08T07:00:00Z"),
        ("2026-03-29", "01:30", "Europe/London", "2026-03-29T01:00:00Z"),
        ("2026-10-04", "02:30", "Australia/Sydney", "2026-10-03T16:00:00Z"),
        // Repeated local times resolve to their first occurrence.
        ("2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00Z"),
        ("2026-10-25", "01:30", "Europe/London", "2026-10-25T00:30:00Z"),
        ("2026-04-05", "02:30", "Australia/Sydney", "2026-04-04T15:30:00Z"),
        // Times just outside the changes are untouched.
        ("2026-03-08", "03:00", "America/New_York", "2026-03-08T07:00:00Z"),
        ("2026-03-08", "01:59", "America/New_York", "2026-03-08T06:59:00Z"),
        ("2026-11-01", "09:00", "America/New_York", "2026-11-01T14:00:00Z"),
    ])
    func localTimeResolvesToInstant(date: String, time: String, zone: String, expected: String) throws {
        #expect(try Self.resolve(date, time, zone) == TestSupport.instant(expected))
    }

    @Test func civilDayNumbersRoundTrip() {
        for text in ["1970-01-01", "2000-02-29", "2026-03-08", "2026-12-31", "2100-03-01"] {
            let date = TestSupport.date(text)
            #expect(CivilDay.date(CivilDay.number(date)) == date)
        }
        #expect(CivilDay.number(year: 1970, month: 1, day: 2) == 1)
    }
}
