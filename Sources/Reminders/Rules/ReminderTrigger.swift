/// On which days, relative to a bill, a rule fires.
public struct ReminderTrigger: Sendable, Equatable, Codable {
    /// Days before the due date (0 is the due date itself), e.g. [5, 2, 0].
    public let daysBeforeDue: [Int]
    /// Also on the day the bill is issued.
    public let onIssueDay: Bool
    /// Every day while overdue, for up to this many days after the due date (0: never).
    public let overdueDailyForDays: Int

    public init(daysBeforeDue: [Int] = [], onIssueDay: Bool = false, overdueDailyForDays: Int = 0) {
        self.daysBeforeDue = Array(Set(daysBeforeDue)).sorted(by: >)
        self.onIssueDay = onIssueDay
        self.overdueDailyForDays = overdueDailyForDays
    }

    /// True when the trigger names no day at all.
    public var isEmpty: Bool { daysBeforeDue.isEmpty && !onIssueDay && overdueDailyForDays == 0 }

    /// The trigger days for a bill, as civil day numbers (see `CivilDay`), ascending, without repeats.
    func days(issuedDay: Int32, dueDay: Int32) -> [Int32] {
        var days: [Int32] = []
        days.reserveCapacity(daysBeforeDue.count + overdueDailyForDays + 1)
        if onIssueDay { days.append(issuedDay) }
        for before in daysBeforeDue { days.append(dueDay - Int32(before)) }
        if overdueDailyForDays > 0 { for after in 1...overdueDailyForDays { days.append(dueDay + Int32(after)) } }
        days.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(days.count)
        for day in days where unique.last != day { unique.append(day) }
        return unique
    }

    enum CodingKeys: String, CodingKey {
        case daysBeforeDue = "days_before_due"
        case onIssueDay = "on_issue_day"
        case overdueDailyForDays = "overdue_daily_for_days"
    }
}
