import Billing
import Foundation
import PayAssistCore
@testable import Reminders

/// Builders shared by the reminder tests: rules from Fixtures/reminders, subjects and instants.
enum TestSupport {
    static let fixtures = ProjectLayout.folder("Fixtures", near: #filePath)!

    /// The example rule drafts in Fixtures/reminders/rules.json.
    static func fixtureDrafts() throws -> [ReminderRuleDraft] {
        try JSONDecoder().decode([ReminderRuleDraft].self, from: Data(contentsOf: fixtures.appendingPathComponent("reminders/rules.json")))
    }

    /// A UTC instant from an ISO 8601 text ("2026-03-08T07:00:00Z").
    static func instant(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    /// A validated rule from a draft, effective since 1970 (so it applies to every test instant).
    static func rule(_ draft: ReminderRuleDraft, id: String = "r1", updatedAt: Date = Date(timeIntervalSince1970: 0)) throws -> ReminderRule {
        try ReminderRuleValidator.validate(draft, audienceLanguages: { _ in [] }, id: id, createdAt: updatedAt, updatedAt: updatedAt, version: 1)
    }

    /// A simple rule: everyone, `days` before due at `time`, SMS, English and Chinese templates.
    static func simpleRule(id: String = "r1", days: [Int] = [2, 0], time: String = "09:00", priority: Int = 10, timeZone: String? = nil,
                           tags: [String]? = nil, overdueDays: Int? = nil, stopWhenPaid: Bool? = nil, quiet: ReminderRuleDraft.Quiet? = nil,
                           updatedAt: Date = Date(timeIntervalSince1970: 0), grace: Int? = nil) throws -> ReminderRule {
        try rule(ReminderRuleDraft(name: "rule \(id)", audience: tags.map { .init(tags: $0) } ?? .init(all: true), daysBeforeDue: days,
                                   overdueDailyForDays: overdueDays, localTime: time, timeZone: timeZone, quietHours: quiet, channel: "sms",
                                   templates: ["en": "Hi {name}, {amount} due {due_date} on {account}: {pay_link}", "zh-Hans": "{name}您好，应缴{amount}，{due_date}到期。{pay_link}"],
                                   priority: priority, stopWhenPaid: stopWhenPaid, graceMinutes: grace), id: id, updatedAt: updatedAt)
    }

    /// A customer in `zone` with one unpaid bill due on `due` (issued 25 days before).
    static func subject(_ id: String = "c1", zone: String = "Asia/Shanghai", due: String, language: Language = .en, tags: [String] = [],
                        amount: Int64 = 12_850, billID: String? = nil, account: String = "1002345678") -> ReminderSubject {
        let dueDate = date(due)
        return ReminderSubject(customerID: id, name: "Name \(id)", language: language, timeZone: zone, tags: tags, bills: [
            ReminderBill(billID: billID ?? "\(account)-\(due)", accountNumber: account, district: "Chaoyang", period: "\(dueDate.year)-\(dueDate.month)",
                         outstanding: Money(minorUnits: amount, currency: .cny), issuedOn: dueDate.adding(days: -25), dueDate: dueDate),
        ])
    }
}
