import Foundation
import HTTPServer
import PayAssistCore
import Reminders

/// JSON shape of a reminder rule (dates as ISO 8601).
struct ReminderRuleBody: Encodable {
    let id: String
    let name: String
    let audience: ReminderAudience
    let daysBeforeDue: [Int]
    let onIssueDay: Bool
    let overdueDailyForDays: Int
    let localTime: String
    let timeZone: String?
    let quietHours: QuietHours?
    let channel: String
    let templates: [String: String]
    let priority: Int
    let stopWhenPaid: Bool
    let graceMinutes: Int
    let paused: Bool
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ rule: ReminderRule) {
        id = rule.id
        name = rule.name
        audience = rule.audience
        daysBeforeDue = rule.trigger.daysBeforeDue
        onIssueDay = rule.trigger.onIssueDay
        overdueDailyForDays = rule.trigger.overdueDailyForDays
        localTime = rule.localTime.description
        timeZone = rule.timeZone
        quietHours = rule.quietHours
        channel = rule.channel.rawValue
        templates = Dictionary(uniqueKeysWithValues: rule.templates.map { ($0.key.rawValue, $0.value) })
        priority = rule.priority
        stopWhenPaid = rule.stopWhenPaid
        graceMinutes = rule.graceMinutes
        paused = rule.paused
        version = rule.version
        createdAt = rule.createdAt
        updatedAt = rule.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, audience, channel, templates, priority, paused, version
        case daysBeforeDue = "days_before_due"
        case onIssueDay = "on_issue_day"
        case overdueDailyForDays = "overdue_daily_for_days"
        case localTime = "local_time"
        case timeZone = "time_zone"
        case quietHours = "quiet_hours"
        case stopWhenPaid = "stop_when_paid"
        case graceMinutes = "grace_minutes"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// JSON list of rules.
struct ReminderRulesBody: Encodable {
    let rules: [ReminderRuleBody]
}

/// JSON list of deliveries, with the cursor for the next page.
struct ReminderDeliveriesBody: Encodable {
    let deliveries: [ReminderDelivery]
    let nextBeforeID: Int64?

    enum CodingKeys: String, CodingKey {
        case deliveries
        case nextBeforeID = "next_before_id"
    }
}

/// JSON audit trail of a rule.
struct ReminderAuditBody: Encodable {
    let entries: [ReminderAuditEntry]
}

extension Router {
    /// Adds the operator routes for reminders (role operator; admin is always allowed):
    /// `GET/POST /v1/reminder-rules`, `GET/PUT/DELETE /v1/reminder-rules/:id`,
    /// `POST /v1/reminder-rules/:id/pause|resume`, `POST /v1/reminder-rules/:id/preview?days=7`,
    /// `GET /v1/reminder-rules/:id/audit` and `GET /v1/reminders/deliveries`.
    /// Every change is audited under the caller's API key label.
    public func registerReminderRoutes(context: APIContext, reminders: ReminderService) {
        get("/v1/reminder-rules") { request in
            _ = try context.authenticator.authorize(request, roles: [.operator])
            return .json(ReminderRulesBody(rules: try reminders.rules().map(ReminderRuleBody.init)))
        }

        post("/v1/reminder-rules") { request in
            let caller = try context.authenticator.authorize(request, roles: [.operator])
            let draft = try request.decodeJSON(ReminderRuleDraft.self)
            return .json(ReminderRuleBody(try reminders.createRule(draft, actor: caller.keyLabel)), status: 201)
        }

        get("/v1/reminder-rules/:id") { request in
            _ = try context.authenticator.authorize(request, roles: [.operator])
            return .json(ReminderRuleBody(try reminders.rule(id: request.parameter("id") ?? "")))
        }

        put("/v1/reminder-rules/:id") { request in
            let caller = try context.authenticator.authorize(request, roles: [.operator])
            let draft = try request.decodeJSON(ReminderRuleDraft.self)
            return .json(ReminderRuleBody(try reminders.updateRule(id: request.parameter("id") ?? "", draft, actor: caller.keyLabel)))
        }

        delete("/v1/reminder-rules/:id") { request in
            let caller = try context.authenticator.authorize(request, roles: [.operator])
            try reminders.deleteRule(id: request.parameter("id") ?? "", actor: caller.keyLabel)
            return HTTPResponse(status: 204)
        }

        for (action, paused) in [("pause", true), ("resume", false)] {
            post("/v1/reminder-rules/:id/\(action)") { request in
                let caller = try context.authenticator.authorize(request, roles: [.operator])
                return .json(ReminderRuleBody(try reminders.setPaused(id: request.parameter("id") ?? "", paused: paused, actor: caller.keyLabel)))
            }
        }

        post("/v1/reminder-rules/:id/preview") { request in
            _ = try context.authenticator.authorize(request, roles: [.operator])
            let text = request.query["days"] ?? "7"
            guard let days = Int(text) else { throw ReminderError.invalidParameter("days", "must be a whole number of days in 1...60") }
            return .json(try reminders.preview(ruleID: request.parameter("id") ?? "", days: days))
        }

        get("/v1/reminder-rules/:id/audit") { request in
            _ = try context.authenticator.authorize(request, roles: [.operator])
            let id = request.parameter("id") ?? ""
            let entries = try reminders.audit(ruleID: id)
            if entries.isEmpty { _ = try reminders.rule(id: id) }
            return .json(ReminderAuditBody(entries: entries))
        }

        get("/v1/reminders/deliveries") { request in
            _ = try context.authenticator.authorize(request, roles: [.operator])
            var state: DeliveryState?
            if let text = request.query["state"], !text.isEmpty {
                guard let parsed = DeliveryState(rawValue: text) else {
                    throw ReminderError.invalidParameter("state", "use one of \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                state = parsed
            }
            var limit = 100
            if let text = request.query["limit"] {
                guard let parsed = Int(text), (1...1000).contains(parsed) else { throw ReminderError.invalidParameter("limit", "must be a whole number in 1...1000") }
                limit = parsed
            }
            var beforeID: Int64?
            if let text = request.query["before_id"] {
                guard let parsed = Int64(text), parsed > 0 else { throw ReminderError.invalidParameter("before_id", "must be a positive delivery id") }
                beforeID = parsed
            }
            let deliveries = try reminders.deliveries(state: state, customerID: request.query["customer_id"], ruleID: request.query["rule_id"],
                                                      beforeID: beforeID, limit: limit)
            return .json(ReminderDeliveriesBody(deliveries: deliveries, nextBeforeID: deliveries.count == limit ? deliveries.last?.id : nil))
        }
    }
}
