import Billing
import Foundation
import PayAssistCore
import Storage
import Testing
@testable import Reminders

/// Reminders over the demo billing data: family members abroad are reminded of their parents' bills.
struct BillingSubjectSourceTests {
    @Test func aRelativeAbroadIsRemindedOfTheLinkedAccountInTheirOwnZoneAndLanguage() throws {
        let database = try Database.inMemory()
        let billing = try BillingStore(database: database)
        let clock = ManualClock(TestSupport.instant("2026-11-20T00:00:00Z"))
        _ = try DemoFixtures.seed(billing, fixtures: TestSupport.fixtures, now: clock.now())
        let service = try ReminderService(database: database, billing: billing, clock: clock)
        let overseas = try service.createRule(try TestSupport.fixtureDrafts()[1], actor: "ops")
        let preview = try service.preview(ruleID: overseas.id, days: 30)
        // David Zhang (c045, Toronto, English) is family on account 1002345678, whose October bill is due 2026-11-28.
        let david = try #require(preview.items.first { $0.customerID == "c045" && $0.accountNumber == "1002345678" })
        #expect(david.fireAt == TestSupport.instant("2026-11-27T00:30:00Z"))
        #expect(david.timeZone == "America/Toronto")
        #expect(david.channel == .chat)
        #expect(david.text.hasPrefix("Hi David Zhang, your family's electricity bill (1002345678, 2026-10)"))
        #expect(preview.items.allSatisfy { $0.language != "zh-Hans" || $0.text.contains("您好") })
    }
}
