import Foundation
import PayAssistCore

/// Seeds an empty database with the demo data in Fixtures/demo: customers, accounts, links and
/// 12 months of bills per account, dated relative to the seeding day so the demo always has bills
/// that are due soon, overdue and paid.
public enum DemoFixtures {
    /// The utility's time zone: issue and due dates are Beijing local dates.
    public static let utilityTimeZone = TimeZone(identifier: "Asia/Shanghai")!
    /// Bills are issued on this day of the month after the period.
    public static let issueDay = 3
    /// Days from issue to due date.
    public static let daysToPay = 25

    private struct AccountFixture: Decodable {
        let number: String
        let holderName: String
        let address: String
        let district: String
        let monthlyKWh: [Int]
        let unpaidMonthsAgo: [Int]

        enum CodingKeys: String, CodingKey {
            case number, address, district
            case holderName = "holder_name"
            case monthlyKWh = "monthly_kwh"
            case unpaidMonthsAgo = "unpaid_months_ago"
        }
    }

    /// What seeding did.
    public struct Summary: Sendable, Equatable {
        public let customers: Int
        public let accounts: Int
        public let bills: Int
    }

    /// Loads the tariff table from a fixtures folder.
    public static func tariffs(in folder: URL) throws -> TariffTable {
        try TariffTable.load(from: folder.appendingPathComponent("demo/tariffs.json"))
    }

    /// Seeds the store if it has no customers yet; returns nil when it already had data.
    ///
    /// - Parameters:
    ///   - folder: the Fixtures/ folder.
    ///   - now: the seeding instant; the latest bill is last month's (Beijing time).
    public static func seedIfEmpty(_ store: BillingStore, fixtures folder: URL, now: Date) throws -> Summary? {
        guard try store.customerCount() == 0 else { return nil }
        return try seed(store, fixtures: folder, now: now)
    }

    /// Seeds the store from the fixtures (inserting or replacing rows), in one transaction.
    public static func seed(_ store: BillingStore, fixtures folder: URL, now: Date) throws -> Summary {
        let decoder = JSONDecoder()
        func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
            let file = folder.appendingPathComponent("demo/\(name)")
            do {
                return try decoder.decode(T.self, from: Data(contentsOf: file))
            } catch {
                throw BillingError.invalidFixture("\(file.lastPathComponent): \(error)")
            }
        }
        let customers = try load("customers.json", as: [Customer].self)
        let accounts = try load("accounts.json", as: [AccountFixture].self)
        let links = try load("links.json", as: [AccountLink].self)
        let table = try tariffs(in: folder)
        let today = LocalDate(now, in: utilityTimeZone)
        let currentMonth = YearMonth(today)
        var billCount = 0
        try store.database.transaction { _ in
            for customer in customers { try store.upsert(customer) }
            for fixture in accounts {
                try store.upsert(ElectricityAccount(number: fixture.number, holderName: fixture.holderName, address: fixture.address, district: fixture.district))
                let count = fixture.monthlyKWh.count
                for (index, kWh) in fixture.monthlyKWh.enumerated() {
                    let monthsAgo = count - index
                    let period = currentMonth.adding(months: -monthsAgo)
                    let issued = LocalDate(year: period.adding(months: 1).year, month: period.adding(months: 1).month, day: issueDay)
                    let charge = table.charge(forKWh: kWh)
                    let paid = fixture.unpaidMonthsAgo.contains(monthsAgo) ? Money.zero(charge.total.currency) : charge.total
                    try store.upsert(Bill(id: "\(fixture.number)-\(period)", accountNumber: fixture.number, period: period, kWh: kWh,
                                          amount: charge.total, paidAmount: paid, issuedOn: issued, dueDate: issued.adding(days: daysToPay),
                                          tiers: charge.tiers))
                    billCount += 1
                }
            }
            for link in links { try store.link(link) }
        }
        store.billsDidChange()
        return Summary(customers: customers.count, accounts: accounts.count, bills: billCount)
    }
}
