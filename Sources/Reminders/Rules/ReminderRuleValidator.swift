import Foundation
import PayAssistCore

/// Turns a draft into a valid rule or throws the first problem as a coded `ReminderError`.
public enum ReminderRuleValidator {
    /// Validates `draft`.
    ///
    /// - Parameters:
    ///   - audienceLanguages: the languages spoken by the customers the audience currently matches
    ///     (the caller computes them from customer data); the rule needs a template in each, and in
    ///     each language the audience names explicitly.
    ///   - id, createdAt, updatedAt, version: identity and bookkeeping of the resulting rule.
    /// - Throws: `ReminderError` (invalid_local_time, unknown_time_zone, empty_audience, template_language_missing,
    ///   unknown_placeholder, ...).
    public static func validate(_ draft: ReminderRuleDraft, audienceLanguages: (ReminderAudience) -> Set<Language>,
                                id: String, createdAt: Date, updatedAt: Date, version: Int, paused: Bool = false) throws -> ReminderRule {
        let name = (draft.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw ReminderError.missingName }

        let audience = try validateAudience(draft.audience)

        let days = draft.daysBeforeDue ?? []
        guard days.count <= 31, days.allSatisfy({ (0...60).contains($0) }) else {
            throw ReminderError.invalidTrigger("days_before_due must list at most 31 whole days in 0...60")
        }
        let overdueDays = draft.overdueDailyForDays ?? 0
        guard (0...90).contains(overdueDays) else { throw ReminderError.invalidTrigger("overdue_daily_for_days must be in 0...90") }
        let trigger = ReminderTrigger(daysBeforeDue: days, onIssueDay: draft.onIssueDay ?? false, overdueDailyForDays: overdueDays)
        guard !trigger.isEmpty else { throw ReminderError.noTrigger }

        guard let timeText = draft.localTime else { throw ReminderError.invalidLocalTime(field: "local_time", value: "") }
        let localTime = try LocalTime(parsing: timeText, field: "local_time")

        var timeZone: String?
        if let zone = draft.timeZone, !zone.isEmpty {
            guard TimeZone(identifier: zone) != nil, zone.contains("/") || zone == "UTC" else { throw ReminderError.unknownTimeZone(zone) }
            timeZone = zone
        }

        var quietHours: QuietHours?
        if let quiet = draft.quietHours {
            let window = QuietHours(start: try LocalTime(parsing: quiet.start, field: "quiet_hours.start"),
                                    end: try LocalTime(parsing: quiet.end, field: "quiet_hours.end"))
            if window.contains(localTime) { throw ReminderError.localTimeInQuietHours(localTime.description) }
            quietHours = window
        }

        guard let channelText = draft.channel, let channel = ReminderChannel(rawValue: channelText) else {
            throw ReminderError.unknownChannel(draft.channel ?? "")
        }

        var templates: [Language: String] = [:]
        for (tag, text) in (draft.templates ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let language = Language(tag: tag) else { throw ReminderError.unknownLanguage(tag) }
            _ = try ReminderTemplate(text, language: language)
            templates[language] = text
        }
        let needed = audienceLanguages(audience).union(audience.languages)
        let missing = needed.filter { templates[$0] == nil }.sorted { $0.rawValue < $1.rawValue }
        if !missing.isEmpty { throw ReminderError.missingTemplateLanguages(missing) }
        if templates.isEmpty { throw ReminderError.missingTemplateLanguages(audience.languages.isEmpty ? [.zhHans] : audience.languages) }

        let priority = draft.priority ?? 0
        guard (0...1000).contains(priority) else { throw ReminderError.invalidPriority(priority) }
        let grace = draft.graceMinutes ?? 120
        guard (0...10_080).contains(grace) else { throw ReminderError.invalidGraceWindow(grace) }

        return ReminderRule(id: id, name: name, audience: audience, trigger: trigger, localTime: localTime, timeZone: timeZone,
                            quietHours: quietHours, channel: channel, templates: templates, priority: priority,
                            stopWhenPaid: draft.stopWhenPaid ?? true, graceMinutes: grace, paused: paused,
                            createdAt: createdAt, updatedAt: updatedAt, version: version)
    }

    static func validateAudience(_ draft: ReminderRuleDraft.Audience?) throws -> ReminderAudience {
        guard let draft else { throw ReminderError.emptyAudience }
        var languages: [Language] = []
        for tag in draft.languages ?? [] {
            guard let language = Language(tag: tag) else { throw ReminderError.unknownLanguage(tag) }
            if !languages.contains(language) { languages.append(language) }
        }
        var states: [AccountState] = []
        for text in draft.accountStates ?? [] {
            guard let state = AccountState(rawValue: text) else { throw ReminderError.unknownAccountState(text) }
            if !states.contains(state) { states.append(state) }
        }
        let clean: ([String]?) -> [String] = { values in
            var out: [String] = []
            for value in values ?? [] {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty, !out.contains(trimmed) { out.append(trimmed) }
            }
            return out
        }
        let audience = ReminderAudience(all: draft.all ?? false, tags: clean(draft.tags), languages: languages,
                                        districts: clean(draft.districts), accountStates: states)
        guard !audience.isEmpty else { throw ReminderError.emptyAudience }
        return audience
    }
}
