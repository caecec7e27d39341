import Billing
import Foundation
import Testing

@Suite("Billing value types")
struct ValueTypeTests {
    @Test("holder names are masked to first and last character", arguments: [
        ("张建华", "张*华"), ("欧阳春生", "欧**生"), ("李明", "李*"), ("王", "王"), ("David Zhang", "D*********g"),
    ])
    func masksHolderNames(name: String, masked: String) {
        #expect(ElectricityAccount(number: "1002345678", holderName: name, address: "", district: "").maskedHolderName == masked)
    }

    @Test("account numbers are exactly ten ASCII digits", arguments: [
        ("1002345678", true), ("100234567", false), ("10023456789", false), ("100234567x", false), ("１００２３４５６７８", false),
    ])
    func validatesAccountNumbers(text: String, valid: Bool) {
        #expect(ElectricityAccount.isValidNumber(text) == valid)
    }

    @Test("local dates reject days that do not exist and do calendar arithmetic")
    func localDates() throws {
        #expect(LocalDate("2026-02-30") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("26-01-01") == nil)
        let leap = try #require(LocalDate("2028-02-28"))
        #expect(leap.adding(days: 1).description == "2028-02-29")
        #expect(leap.days(until: LocalDate(year: 2028, month: 3, day: 1)) == 2)
    }

    @Test("the local date of an instant depends on the time zone")
    func localDateInZones() {
        let instant = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18T11:06:40Z
        #expect(LocalDate(instant, in: TimeZone(identifier: "Pacific/Kiritimati")!).description == "2026-11-19")
        #expect(LocalDate(instant, in: TimeZone(identifier: "Pacific/Honolulu")!).description == "2026-11-18")
    }

    @Test("months roll over years in both directions")
    func yearMonths() {
        #expect(YearMonth(year: 2026, month: 1).adding(months: -1).description == "2025-12")
        #expect(YearMonth(year: 2026, month: 11).adding(months: 14).description == "2028-01")
        #expect(YearMonth("2026-00") == nil)
    }
}
