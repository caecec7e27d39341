import Foundation
import PayAssistCore

/// An operator's reminder rule, validated: whom to remind, on which days and at what local time,
/// through which channel, with which text per language.
public struct ReminderRule: Sendable, Equatable, Codable {
    /// Stable id ("rr_...").
    public let id: String
    public var name: String
    public var audience: ReminderAudience
    public var trigger: ReminderTrigger
    /// Local time of day the reminder fires at, in the customer's time zone.
    public var localTime: LocalTime
    /// Fire in this IANA zone instead of each customer's own; nil for the customer's zone.
    public var timeZone: String?
    /// A window in which the rule never rings; reminders due inside move to its end.
    public var quietHours: QuietHours?
    public var channel: ReminderChannel
    /// The text per language (already checked for placeholders).
    public var templates: [Language: String]
    /// Higher wins when rules overlap on a customer's bill on one day, and when the daily limit cuts.
    public var priority: Int
    /// Stop reminding once the bill is paid (the default).
    public var stopWhenPaid: Bool
    /// How late (minutes) a reminder may still be sent after downtime; later ones are recorded as missed.
    public var graceMinutes: Int
    /// A paused rule sends nothing until resumed.
    public var paused: Bool
    public var createdAt: Date
    /// Changes apply to reminders due after this instant.
    public var updatedAt: Date
    /// Incremented on every change.
    public var version: Int

    public init(id: String, name: String, audience: ReminderAudience, trigger: ReminderTrigger, localTime: LocalTime, timeZone: String? = nil,
                quietHours: QuietHours? = nil, channel: ReminderChannel, templates: [Language: String], priority: Int, stopWhenPaid: Bool = true,
                graceMinutes: Int = 120, paused: Bool = false, createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.name = name
        self.audience = audience
        self.trigger = trigger
        self.localTime = localTime
        self.timeZone = timeZone
        self.quietHours = quietHours
        self.channel = channel
        self.templates = templates
        self.priority = priority
        self.stopWhenPaid = stopWhenPaid
        self.graceMinutes = graceMinutes
        self.paused = paused
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The parsed template for a language, if the rule has one.
    func template(for language: Language) -> ReminderTemplate? {
        templates[language].flatMap { try? ReminderTemplate($0, language: language) }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, audience, trigger, channel, templates, priority, paused, version
        case localTime = "local_time"
        case timeZone = "time_zone"
        case quietHours = "quiet_hours"
        case stopWhenPaid = "stop_when_paid"
        case graceMinutes = "grace_minutes"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        audience = try c.decode(ReminderAudience.self, forKey: .audience)
        trigger = try c.decode(ReminderTrigger.self, forKey: .trigger)
        localTime = try c.decode(LocalTime.self, forKey: .localTime)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone)
        quietHours = try c.decodeIfPresent(QuietHours.self, forKey: .quietHours)
        channel = try c.decode(ReminderChannel.self, forKey: .channel)
        let raw = try c.decode([String: String].self, forKey: .templates)
        var templates: [Language: String] = [:]
        for (tag, text) in raw { if let language = Language(tag: tag) { templates[language] = text } }
        self.templates = templates
        priority = try c.decode(Int.self, forKey: .priority)
        stopWhenPaid = try c.decode(Bool.self, forKey: .stopWhenPaid)
        graceMinutes = try c.decode(Int.self, forKey: .graceMinutes)
        paused = try c.decode(Bool.self, forKey: .paused)
        createdAt = Date(timeIntervalSince1970: try c.decode(Double.self, forKey: .createdAt))
        updatedAt = Date(timeIntervalSince1970: try c.decode(Double.self, forKey: .updatedAt))
        version = try c.decode(Int.self, forKey: .version)
    }

    /// Storage form; the API layer has its own body type with ISO dates.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(audience, forKey: .audience)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(localTime, forKey: .localTime)
        try c.encodeIfPresent(timeZone, forKey: .timeZone)
        try c.encodeIfPresent(quietHours, forKey: .quietHours)
        try c.encode(channel, forKey: .channel)
        try c.encode(Dictionary(uniqueKeysWithValues: templates.map { ($0.key.rawValue, $0.value) }), forKey: .templates)
        try c.encode(priority, forKey: .priority)
        try c.encode(stopWhenPaid, forKey: .stopWhenPaid)
        try c.encode(graceMinutes, forKey: .graceMinutes)
        try c.encode(paused, forKey: .paused)
        try c.encode(createdAt.timeIntervalSince1970, forKey: .createdAt)
        try c.encode(updatedAt.timeIntervalSince1970, forKey: .updatedAt)
        try c.encode(version, forKey: .version)
    }
}
