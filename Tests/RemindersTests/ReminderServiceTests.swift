import Billing
import Foundation
import PayAssistCore
import Storage
import Testing
@testable import Reminders

/// The service end to end on a manual clock: rules, firing, outbox, preferences, previews, audit.
struct ReminderServiceTests {
    /// A service over in-memory subjects and an in-memory database, at `now`.
    static func service(_ subjects: [ReminderSubject], now: String, database: Database? = nil, channels: [any ReminderChannelAdapter] = [],
                        settings: ReminderSettings = ReminderSettings()) throws -> (ReminderService, ManualClock, InMemorySubjectSource) {
        let clock = ManualClock(TestSupport.instant(now))
        let source = InMemorySubjectSource(subjects)
        let service = try ReminderService(database: database ?? Database.inMemory(), source: source, clock: clock, channels: channels, settings: settings)
        return (service, clock, source)
    }

    static func draft(days: [Int] = [0], time: String = "09:00", priority: Int = 10, grace: Int? = nil) -> ReminderRuleDraft {
        ReminderRuleDraft(name: "due day", audience: .init(all: true), daysBeforeDue: days, localTime: time, channel: "sms",
                          templates: ["en": "Hi {name}, {amount} is due {due_date}: {pay_link}"], priority: priority, graceMinutes: grace)
    }

    @Test func aDueReminderIsWrittenOnceAndDeliveredToTheLogWithoutAWebhook() async throws {
        let (service, clock, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        _ = try service.createRule(Self.draft(), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T00:59:00Z"))
        #expect(service.fireDueNow().written == 0)
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 1)
        #expect(service.fireDueNow().written == 0)
        let report = await service.deliverDueNow()
        #expect(report.logged == 1)
        let delivery = try #require(try service.deliveries().first)
        #expect(delivery.state == .logged)
        #expect(delivery.text == "Hi Name c1, CNY 128.50 is due 2026-11-28: payassist://pay?account=1002345678&amount=12850&currency=CNY&lang=en")
        #expect(delivery.scheduledAt == TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(await service.deliverDueNow().attempts == 0)
    }

    @Test func aBillPaidOneMinuteBeforeItsReminderIsNotReminded() throws {
        let database = try Database.inMemory()
        let billing = try BillingStore(database: database)
        try billing.upsert(Customer(id: "c1", name: "张建华", phone: "+86 138", language: .zhHans, timeZone: "Asia/Shanghai", country: "CN", tags: ["elderly"]))
        try billing.upsert(ElectricityAccount(number: "1002345678", holderName: "张建华", address: "北京", district: "朝阳区"))
        try billing.link(AccountLink(customerID: "c1", accountNumber: "1002345678", relation: .owner))
        let amount = Money(minorUnits: 12_850, currency: .cny)
        try billing.upsert(Bill(id: "b1", accountNumber: "1002345678", period: YearMonth(year: 2026, month: 10), kWh: 200, amount: amount,
                                paidAmount: .zero(.cny), issuedOn: TestSupport.date("2026-11-03"), dueDate: TestSupport.date("2026-11-28"), tiers: []))
        let clock = ManualClock(TestSupport.instant("2026-11-27T00:00:00Z"))
        let service = try ReminderService(database: database, billing: billing, clock: clock)
        _ = try service.createRule(ReminderRuleDraft(name: "due day", audience: .init(tags: ["elderly"]), daysBeforeDue: [0], localTime: "09:00",
                                                     channel: "voice_call", templates: ["zh-Hans": "{name}您好，应缴{amount}"], priority: 10), actor: "ops")
        #expect(service.scheduler.nextFireDate == TestSupport.instant("2026-11-28T01:00:00Z"))
        clock.set(TestSupport.instant("2026-11-28T00:59:00Z"))
        try billing.recordPayment(accountNumber: "1002345678", amount: amount, reference: "pay-1", channel: "voice", customerID: "c1", paidAt: clock.now())
        service.waitForBillingChanges()
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 0)
        #expect(try service.deliveries().isEmpty)
        #expect(service.scheduler.nextFireDate == nil)
    }

    @Test func aRuleEditedWhileItsRemindersAreDueNeverSendsTwice() throws {
        let (service, clock, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        let rule = try service.createRule(Self.draft(time: "09:00"), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 1)
        // Moved to 10:00 the same day after 09:00 fired: today's reminder is already out.
        clock.set(TestSupport.instant("2026-11-28T01:05:00Z"))
        _ = try service.updateRule(id: rule.id, Self.draft(time: "10:00"), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T02:00:00Z"))
        let report = service.fireDueNow()
        #expect(report.written == 0)
        #expect(report.deduplicated == 1)
        #expect(try service.deliveries().count == 1)
    }

    @Test func aRuleEditedBeforeItsReminderFiresAtTheNewTimeOnly() throws {
        let (service, clock, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        let rule = try service.createRule(Self.draft(time: "09:00"), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T00:00:00Z"))
        _ = try service.updateRule(id: rule.id, Self.draft(time: "08:30"), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T00:30:00Z"))
        #expect(service.fireDueNow().written == 1)
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 0)
    }

    @Test func anOptOutStopsRemindersAndAnOptInWithATimeMovesThem() throws {
        let (service, clock, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        _ = try service.createRule(Self.draft(days: [1, 0]), actor: "ops")
        try service.preferences.setOptIn(customerID: "c1", enabled: false)
        #expect(service.scheduler.nextFireDate == nil)
        clock.set(TestSupport.instant("2026-11-27T01:00:00Z"))
        #expect(service.fireDueNow().written == 0)
        try service.preferences.setOptIn(customerID: "c1", enabled: true, preferredTime: (hour: 20, minute: 0), channel: .chat)
        #expect(service.scheduler.nextFireDate == TestSupport.instant("2026-11-27T12:00:00Z"))
        clock.set(TestSupport.instant("2026-11-27T12:00:00Z"))
        #expect(service.fireDueNow().written == 1)
        #expect(try service.deliveries().first?.channel == .chat)
        #expect(throws: ReminderError.customerNotFound("nobody")) { try service.preferences.setOptIn(customerID: "nobody", enabled: true) }
        #expect(throws: ReminderError.self) { try service.preferences.setOptIn(customerID: "c1", enabled: true, preferredTime: (hour: 25, minute: 0)) }
        #expect(try service.store.audit(subject: "preference:c1").map(\.action) == ["opt_out", "opt_in"])
    }

    @Test func previewListsWhoWouldBeRemindedWithoutSending() throws {
        let subjects = [TestSupport.subject("c1", due: "2026-11-28"), TestSupport.subject("c2", zone: "America/Toronto", due: "2026-11-29", account: "1002345679")]
        let (service, _, _) = try Self.service(subjects, now: "2026-11-27T00:00:00Z")
        let rule = try service.createRule(Self.draft(), actor: "ops")
        let paused = try service.setPaused(id: rule.id, paused: true, actor: "ops")
        #expect(paused.paused)
        let preview = try service.preview(ruleID: rule.id, days: 7)
        #expect(preview.total == 2)
        #expect(preview.items.map(\.customerID) == ["c1", "c2"])
        #expect(preview.items[1].fireAt == TestSupport.instant("2026-11-29T14:00:00Z"))
        #expect(preview.items[1].timeZone == "America/Toronto")
        #expect(preview.items[0].text.hasPrefix("Hi Name c1"))
        #expect(try service.deliveries().isEmpty)
        #expect(service.scheduler.nextFireDate == nil)
        #expect(throws: ReminderError.invalidParameter("days", "must be a whole number of days in 1...60")) { try service.preview(ruleID: rule.id, days: 0) }
    }

    @Test func everyRuleChangeIsAuditedWithWhoWhenBeforeAndAfter() throws {
        let (service, clock, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        let rule = try service.createRule(Self.draft(), actor: "operator key A")
        clock.advance(by: 60)
        _ = try service.updateRule(id: rule.id, Self.draft(time: "10:00"), actor: "operator key B")
        _ = try service.setPaused(id: rule.id, paused: true, actor: "operator key B")
        _ = try service.setPaused(id: rule.id, paused: false, actor: "operator key B")
        try service.deleteRule(id: rule.id, actor: "operator key A")
        let audit = try service.audit(ruleID: rule.id)
        #expect(audit.map(\.action) == ["create", "update", "pause", "resume", "delete"])
        #expect(audit.map(\.actor) == ["operator key A", "operator key B", "operator key B", "operator key B", "operator key A"])
        #expect(audit[0].before == nil)
        #expect(audit[1].before?.contains("\"09:00\"") == true)
        #expect(audit[1].after?.contains("\"10:00\"") == true)
        #expect(audit[1].at == TestSupport.instant("2026-11-27T00:01:00Z"))
        #expect(audit[4].after == nil)
        #expect(throws: ReminderError.ruleNotFound(rule.id)) { try service.rule(id: rule.id) }
    }

    @Test func aHigherPriorityRuleAddedMidDayDoesNotRemindTheSameBillTwice() throws {
        let (service, clock, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        _ = try service.createRule(Self.draft(time: "09:00", priority: 10), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 1)
        clock.set(TestSupport.instant("2026-11-28T01:30:00Z"))
        _ = try service.createRule(Self.draft(time: "10:00", priority: 20), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T02:00:00Z"))
        let report = service.fireDueNow()
        #expect(report.written == 0)
        #expect(report.suppressed == 1)
        #expect(try service.deliveries().count == 1)
    }

    @Test func twoActiveRulesMayNotShareAPriority() throws {
        let (service, _, _) = try Self.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        let first = try service.createRule(Self.draft(priority: 10), actor: "ops")
        #expect(throws: ReminderError.duplicatePriority(priority: 10, ruleID: first.id)) { try service.createRule(Self.draft(priority: 10), actor: "ops") }
        #expect(try service.rules().count == 1)
    }

    @Test func aRuleMustHaveTemplatesForTheLanguagesItsAudienceSpeaks() throws {
        let subjects = [TestSupport.subject("c1", due: "2026-11-28", language: .en), TestSupport.subject("c2", due: "2026-11-28", language: .ja)]
        let (service, _, _) = try Self.service(subjects, now: "2026-11-27T00:00:00Z")
        #expect(throws: ReminderError.missingTemplateLanguages([.ja])) { try service.createRule(Self.draft(), actor: "ops") }
    }
}

/// The real DispatchSourceTimer wakes the scheduler at the due instant (one short live test).
struct ReminderTimerTests {
    @Test func theTimerWritesAReminderWhenItFallsDue() async throws {
        let (service, clock, _) = try ReminderServiceTests.service([TestSupport.subject(due: "2026-11-28")], now: "2026-11-27T00:00:00Z")
        _ = try service.createRule(ReminderServiceTests.draft(), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T00:59:59.800Z"))
        try service.scheduler.start()
        defer { service.scheduler.stop() }
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        var written = 0
        for _ in 0..<100 where written == 0 {
            try await Task.sleep(nanoseconds: 20_000_000)
            written = try service.deliveries().count
        }
        #expect(written == 1)
        #expect(service.scheduler.timerLatenessMilliseconds().count >= 1)
    }
}
