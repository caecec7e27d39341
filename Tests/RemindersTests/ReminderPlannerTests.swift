import Foundation
import PayAssistCore
import Testing
@testable import Reminders

/// Next-fire computation: local times in each customer's zone, DST, overlaps, limits, preferences.
struct ReminderPlannerTests {
    @Test(arguments: [
        // Spring forward: 02:30 does not exist that night and fires at 03:00 local.
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:00:00Z"),
        ("Europe/London", "2026-03-29", "01:30", "2026-03-29T01:00:00Z"),
        ("Australia/Sydney", "2026-10-04", "02:30", "2026-10-03T16:00:00Z"),
        // Fall back: 01:30 happens twice and fires at the first.
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z"),
        ("Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30:00Z"),
        ("Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30:00Z"),
    ])
    func aReminderOnADSTChangeDayFiresOnceAtTheRightInstant(zone: String, due: String, time: String, expected: String) throws {
        let planner = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [0], time: time)])
        let subject = TestSupport.subject(zone: zone, due: due)
        let dayBefore = TestSupport.instant(expected).addingTimeInterval(-86_400)
        #expect(planner.nextFireDate(for: subject, after: dayBefore) == TestSupport.instant(expected))
        let all = planner.occurrences(for: subject, after: dayBefore, through: dayBefore.addingTimeInterval(3 * 86_400))
        #expect(all.count == 1)
        #expect(all.first?.localDate == TestSupport.date(due))
    }

    @Test func customersInUTCPlus14AndUTCMinus10FireAtTheirOwnNineOClock() throws {
        let planner = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [0], time: "09:00")])
        let start = TestSupport.instant("2026-11-26T00:00:00Z")
        let kiritimati = planner.nextFireDate(for: TestSupport.subject(zone: "Pacific/Kiritimati", due: "2026-11-28"), after: start)
        let honolulu = planner.nextFireDate(for: TestSupport.subject(zone: "Pacific/Honolulu", due: "2026-11-28"), after: start)
        #expect(kiritimati == TestSupport.instant("2026-11-27T19:00:00Z"))
        #expect(honolulu == TestSupport.instant("2026-11-28T19:00:00Z"))
    }

    @Test func remindersFollowTheTriggerDaysInOrder() throws {
        let planner = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [5, 2, 0], time: "09:00")])
        let subject = TestSupport.subject(zone: "Asia/Shanghai", due: "2026-11-28")
        let all = planner.occurrences(for: subject, after: TestSupport.instant("2026-11-01T00:00:00Z"), through: TestSupport.instant("2026-12-31T00:00:00Z"))
        #expect(all.map(\.fireAt) == ["2026-11-23T01:00:00Z", "2026-11-26T01:00:00Z", "2026-11-28T01:00:00Z"].map(TestSupport.instant))
    }

    @Test func aPaidBillStopsItsReminders() throws {
        let planner = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [0])])
        let paid = TestSupport.subject(due: "2026-11-28", amount: 0)
        #expect(planner.nextFireDate(for: paid, after: TestSupport.instant("2026-11-01T00:00:00Z")) == nil)
        let keepGoing = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [0], stopWhenPaid: false)])
        #expect(keepGoing.nextFireDate(for: paid, after: TestSupport.instant("2026-11-01T00:00:00Z")) != nil)
    }

    @Test func anOptedOutCustomerGetsNothingAndAPreferredTimeWins() throws {
        let rule = try TestSupport.simpleRule(days: [0], time: "09:00")
        let subject = TestSupport.subject(due: "2026-11-28")
        let since = Date(timeIntervalSince1970: 0)
        let start = TestSupport.instant("2026-11-01T00:00:00Z")
        let optedOut = ReminderPlanner(rules: [rule], preferences: [ReminderPreference(customerID: "c1", enabled: false, updatedAt: since)])
        #expect(optedOut.nextFireDate(for: subject, after: start) == nil)
        let evening = ReminderPlanner(rules: [rule], preferences: [ReminderPreference(customerID: "c1", enabled: true, preferredTime: try LocalTime(hour: 19, minute: 30), channel: .chat, updatedAt: since)])
        let occurrence = try #require(evening.occurrences(for: subject, after: start, through: start.addingTimeInterval(60 * 86_400)).first)
        #expect(occurrence.fireAt == TestSupport.instant("2026-11-28T11:30:00Z"))
        #expect(occurrence.channel == .chat)
    }

    @Test func anOptedInCustomerNoRuleTargetsGetsThePersonalRule() throws {
        let elderlyOnly = try TestSupport.simpleRule(tags: ["elderly"])
        let subject = TestSupport.subject(due: "2026-11-28", tags: ["overseas"])
        let start = TestSupport.instant("2026-11-01T00:00:00Z")
        #expect(ReminderPlanner(rules: [elderlyOnly]).nextFireDate(for: subject, after: start) == nil)
        let planner = ReminderPlanner(rules: [elderlyOnly], preferences: [ReminderPreference(customerID: "c1", enabled: true, updatedAt: Date(timeIntervalSince1970: 0))])
        let first = try #require(planner.occurrences(for: subject, after: start, through: start.addingTimeInterval(60 * 86_400)).first)
        #expect(first.ruleID == ReminderSettings.personalRuleID)
        #expect(first.fireAt == TestSupport.instant("2026-11-25T01:00:00Z"))
    }

    @Test func overlappingRulesOnOneBillAndDayAreSettledByPriority() throws {
        let low = try TestSupport.simpleRule(id: "low", days: [0], time: "08:00", priority: 5)
        let high = try TestSupport.simpleRule(id: "high", days: [2, 0], time: "10:00", priority: 50)
        let subject = TestSupport.subject(due: "2026-11-28")
        let start = TestSupport.instant("2026-11-01T00:00:00Z")
        let all = ReminderPlanner(rules: [low, high]).occurrences(for: subject, after: start, through: start.addingTimeInterval(60 * 86_400))
        #expect(all.map(\.ruleID) == ["high", "high"])
    }

    @Test func theDailyLimitKeepsTheHighestPriorityReminders() throws {
        let rule = try TestSupport.simpleRule(days: [0])
        var subject = TestSupport.subject(due: "2026-11-28", billID: "b1")
        for id in ["b2", "b3"] { subject.bills.append(TestSupport.subject(due: "2026-11-28", billID: id).bills[0]) }
        let start = TestSupport.instant("2026-11-01T00:00:00Z")
        let planner = ReminderPlanner(rules: [rule], settings: ReminderSettings(maxPerCustomerPerDay: 2))
        #expect(planner.occurrences(for: subject, after: start, through: start.addingTimeInterval(60 * 86_400)).count == 2)
    }

    @Test func aReminderInsideQuietHoursMovesToTheirEnd() throws {
        let rule = try TestSupport.simpleRule(days: [0], time: "09:00", quiet: .init(start: "21:00", end: "08:00"))
        let subject = TestSupport.subject(due: "2026-11-28")
        let late = ReminderPlanner(rules: [rule], preferences: [ReminderPreference(customerID: "c1", enabled: true, preferredTime: try LocalTime(hour: 23, minute: 0), updatedAt: Date(timeIntervalSince1970: 0))])
        let start = TestSupport.instant("2026-11-01T00:00:00Z")
        // 23:00 on the 28th is quiet: it rings at 08:00 the next morning, still keyed to the 28th.
        let occurrence = try #require(late.occurrences(for: subject, after: start, through: start.addingTimeInterval(60 * 86_400)).first)
        #expect(occurrence.fireAt == TestSupport.instant("2026-11-29T00:00:00Z"))
        #expect(occurrence.localDate == TestSupport.date("2026-11-28"))
    }

    @Test func overdueRemindersRepeatDailyForTheConfiguredDays() throws {
        let rule = try TestSupport.simpleRule(days: [], overdueDays: 3)
        let start = TestSupport.instant("2026-11-01T00:00:00Z")
        let all = ReminderPlanner(rules: [rule]).occurrences(for: TestSupport.subject(due: "2026-11-28"), after: start, through: start.addingTimeInterval(60 * 86_400))
        #expect(all.map(\.localDate) == ["2026-11-29", "2026-11-30", "2026-12-01"].map(TestSupport.date))
    }

    @Test func aCustomerWithAnUnknownTimeZoneIsRemindedInTheUtilitysZone() throws {
        let planner = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [0], time: "09:00")])
        let subject = TestSupport.subject(zone: "Atlantis/Capital", due: "2026-11-28")
        #expect(planner.nextFireDate(for: subject, after: TestSupport.instant("2026-11-01T00:00:00Z")) == TestSupport.instant("2026-11-28T01:00:00Z"))
    }

    @Test func aRuleWithItsOwnTimeZoneFiresAtThatZonesTime() throws {
        let planner = ReminderPlanner(rules: [try TestSupport.simpleRule(days: [0], time: "09:00", timeZone: "Asia/Shanghai")])
        let subject = TestSupport.subject(zone: "America/New_York", due: "2026-11-28")
        #expect(planner.nextFireDate(for: subject, after: TestSupport.instant("2026-11-01T00:00:00Z")) == TestSupport.instant("2026-11-28T01:00:00Z"))
    }

    @Test func theHeapPopsInTimeOrder() {
        var heap = BinaryHeap([5, 3, 9, 1, 7, 3])
        heap.push(0)
        var out: [Int] = []
        while let next = heap.popMin() { out.append(next) }
        #expect(out == [0, 1, 3, 3, 5, 7, 9])
    }
}
