import Foundation
import PayAssistCore

/// A rule as an operator sends it (JSON body of POST/PUT /v1/reminder-rules), before validation.
/// Everything is optional or raw text so that a bad value gets a coded error, not a decoding error.
public struct ReminderRuleDraft: Sendable, Codable, Equatable {
    /// Audience as sent.
    public struct Audience: Sendable, Codable, Equatable {
        public var all: Bool?
        public var tags: [String]?
        public var languages: [String]?
        public var districts: [String]?
        public var accountStates: [String]?

        public init(all: Bool? = nil, tags: [String]? = nil, languages: [String]? = nil, districts: [String]? = nil, accountStates: [String]? = nil) {
            self.all = all
            self.tags = tags
            self.languages = languages
            self.districts = districts
            self.accountStates = accountStates
        }

        enum CodingKeys: String, CodingKey {
            case all, tags, languages, districts
            case accountStates = "account_states"
        }
    }

    /// Quiet hours as sent ("21:00" to "08:00").
    public struct Quiet: Sendable, Codable, Equatable {
        public var start: String
        public var end: String
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    public var name: String?
    public var audience: Audience?
    public var daysBeforeDue: [Int]?
    public var onIssueDay: Bool?
    public var overdueDailyForDays: Int?
    public var localTime: String?
    public var timeZone: String?
    public var quietHours: Quiet?
    public var channel: String?
    public var templates: [String: String]?
    public var priority: Int?
    public var stopWhenPaid: Bool?
    public var graceMinutes: Int?

    public init(name: String? = nil, audience: Audience? = nil, daysBeforeDue: [Int]? = nil, onIssueDay: Bool? = nil, overdueDailyForDays: Int? = nil,
                localTime: String? = nil, timeZone: String? = nil, quietHours: Quiet? = nil, channel: String? = nil, templates: [String: String]? = nil,
                priority: Int? = nil, stopWhenPaid: Bool? = nil, graceMinutes: Int? = nil) {
        self.name = name
        self.audience = audience
        self.daysBeforeDue = daysBeforeDue
        self.onIssueDay = onIssueDay
        self.overdueDailyForDays = overdueDailyForDays
        self.localTime = localTime
        self.timeZone = timeZone
        self.quietHours = quietHours
        self.channel = channel
        self.templates = templates
        self.priority = priority
        self.stopWhenPaid = stopWhenPaid
        self.graceMinutes = graceMinutes
    }

    enum CodingKeys: String, CodingKey {
        case name, audience, channel, templates, priority
        case daysBeforeDue = "days_before_due"
        case onIssueDay = "on_issue_day"
        case overdueDailyForDays = "overdue_daily_for_days"
        case localTime = "local_time"
        case timeZone = "time_zone"
        case quietHours = "quiet_hours"
        case stopWhenPaid = "stop_when_paid"
        case graceMinutes = "grace_minutes"
    }

    /// The draft of an existing rule (for edits that change a few fields).
    public init(_ rule: ReminderRule) {
        self.init(name: rule.name,
                  audience: Audience(all: rule.audience.all, tags: rule.audience.tags, languages: rule.audience.languages.map(\.rawValue),
                                     districts: rule.audience.districts, accountStates: rule.audience.accountStates.map(\.rawValue)),
                  daysBeforeDue: rule.trigger.daysBeforeDue, onIssueDay: rule.trigger.onIssueDay, overdueDailyForDays: rule.trigger.overdueDailyForDays,
                  localTime: rule.localTime.description, timeZone: rule.timeZone,
                  quietHours: rule.quietHours.map { Quiet(start: $0.start.description, end: $0.end.description) },
                  channel: rule.channel.rawValue, templates: Dictionary(uniqueKeysWithValues: rule.templates.map { ($0.key.rawValue, $0.value) }),
                  priority: rule.priority, stopWhenPaid: rule.stopWhenPaid, graceMinutes: rule.graceMinutes)
    }
}
