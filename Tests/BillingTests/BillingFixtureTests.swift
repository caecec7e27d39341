import Billing
import Foundation
import PayAssistCore
import Storage
import Testing

/// The Fixtures/ folder of this checkout.
let fixtures = ProjectLayout.folder("Fixtures", near: #filePath)!

/// A store seeded from Fixtures/demo as of `now`.
func seededStore(now: Date = Date(timeIntervalSince1970: 1_795_000_000)) throws -> BillingStore {
    let store = try BillingStore(database: Database.inMemory())
    _ = try DemoFixtures.seed(store, fixtures: fixtures, now: now)
    return store
}

@Suite("Demo fixtures")
struct BillingFixtureTests {
    @Test("the demo data has at least 60 customers, elderly Beijing residents and relatives in 10+ countries")
    func demoPopulation() throws {
        let customers = try seededStore().allCustomers()
        #expect(customers.count >= 60)
        #expect(customers.filter { $0.isElderly && $0.timeZone == "Asia/Shanghai" }.count >= 30)
        let overseas = customers.filter { $0.hasTag("overseas") }
        #expect(Set(overseas.map(\.country)).count >= 10)
        #expect(Set(overseas.map(\.language)).count >= 8)
        #expect(overseas.allSatisfy { TimeZone(identifier: $0.timeZone) != nil })
    }

    @Test("every account has 12 months of bills, and some are unpaid and overdue")
    func twelveMonthsOfBills() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let store = try seededStore(now: now)
        let today = LocalDate(now, in: DemoFixtures.utilityTimeZone)
        var unpaid = 0
        var overdue = 0
        for customer in try store.allCustomers() where customer.hasTag("beijing") {
            for account in try store.linkedAccounts(customerID: customer.id) {
                let bills = try store.bills(accountNumber: account.number)
                #expect(bills.count == 12)
                unpaid += bills.filter { !$0.isPaid }.count
                overdue += bills.filter { $0.isOverdue(on: today) }.count
            }
        }
        #expect(unpaid > 0)
        #expect(overdue > 0)
    }

    @Test("every overseas relative is linked to a Beijing account as family")
    func relativesAreLinked() throws {
        let store = try seededStore()
        for customer in try store.allCustomers() where customer.hasTag("overseas") {
            let accounts = try store.linkedAccounts(customerID: customer.id)
            #expect(!accounts.isEmpty, "\(customer.id) has no account")
        }
    }

    @Test("seeding an already seeded database does nothing")
    func seedIfEmptyIsIdempotent() throws {
        let store = try seededStore()
        #expect(try DemoFixtures.seedIfEmpty(store, fixtures: fixtures, now: Date()) == nil)
    }
}
