import Billing
import Foundation
import HTTPServer
import PayAssistAPI
import PayAssistCore
import Reminders
import Storage
import Testing

/// The reminder routes in process: thin mappings onto `ReminderService`, operator only.
struct ReminderRoutesTests {
    static let operatorKey = "pa_demo_operator_9e1a5c3d"
    static let chatKey = "pa_demo_chat_4b8d2e6f"

    static func router() throws -> (Router, ReminderService, ManualClock) {
        let database = try Database.inMemory()
        let billing = try BillingStore(database: database)
        let clock = ManualClock(try Date.ISO8601FormatStyle().parse("2026-11-20T00:00:00Z"))
        let fixtures = ProjectLayout.folder("Fixtures", near: #filePath)!
        _ = try DemoFixtures.seed(billing, fixtures: fixtures, now: clock.now())
        let keys = try APIKeyStore(database: database)
        for key in try APIKeyStore.loadKeys(fromFile: fixtures.appendingPathComponent("demo/api_keys.json")) { try keys.register(key) }
        let reminders = try ReminderService(database: database, billing: billing, clock: clock)
        let router = Router()
        router.registerReminderRoutes(context: APIContext(authenticator: Authenticator(keys: keys, billing: billing), billing: billing, clock: clock), reminders: reminders)
        return (router, reminders, clock)
    }

    static func request(_ method: HTTPMethod, _ target: String, key: String = operatorKey, body: String? = nil) -> HTTPRequest {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(key)"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        return HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
    }

    static func json(_ response: HTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    static let elderlyRule = """
        {"name": "Elderly, due soon", "audience": {"tags": ["elderly"]}, "days_before_due": [5, 2, 0], "local_time": "09:00",
         "channel": "voice_call", "templates": {"zh-Hans": "{name}您好，电费{amount}，{due_date}前缴。"}, "priority": 30}
        """

    @Test func anOperatorCreatesPreviewsPausesAndAuditsARule() async throws {
        let (router, _, _) = try Self.router()
        let created = await router.respond(to: Self.request(.post, "/v1/reminder-rules", body: Self.elderlyRule))
        #expect(created.status == 201)
        let id = try #require(try Self.json(created)["id"] as? String)
        let list = await router.respond(to: Self.request(.get, "/v1/reminder-rules"))
        #expect((try Self.json(list)["rules"] as? [Any])?.count == 1)
        let preview = await router.respond(to: Self.request(.post, "/v1/reminder-rules/\(id)/preview?days=30"))
        #expect(preview.status == 200)
        #expect((try Self.json(preview)["total"] as? Int ?? 0) > 0)
        let paused = await router.respond(to: Self.request(.post, "/v1/reminder-rules/\(id)/pause"))
        #expect(try Self.json(paused)["paused"] as? Bool == true)
        let audit = await router.respond(to: Self.request(.get, "/v1/reminder-rules/\(id)/audit"))
        let entries = try #require(try Self.json(audit)["entries"] as? [[String: Any]])
        #expect(entries.map { $0["action"] as? String } == ["create", "pause"])
        #expect(entries.first?["actor"] as? String != nil)
        let deleted = await router.respond(to: Self.request(.delete, "/v1/reminder-rules/\(id)"))
        #expect(deleted.status == 204)
        #expect(await router.respond(to: Self.request(.get, "/v1/reminder-rules/\(id)")).status == 404)
    }

    @Test func invalidRulesGetCodedErrors() async throws {
        let (router, _, _) = try Self.router()
        let badTime = Self.elderlyRule.replacingOccurrences(of: "09:00", with: "25:00")
        let response = await router.respond(to: Self.request(.post, "/v1/reminder-rules", body: badTime))
        #expect(response.status == 400)
        #expect((try Self.json(response)["error"] as? [String: Any])?["code"] as? String == "invalid_local_time")
        let notJSON = await router.respond(to: Self.request(.post, "/v1/reminder-rules", body: "{"))
        #expect((try Self.json(notJSON)["error"] as? [String: Any])?["code"] as? String == "invalid_json")
    }

    @Test func onlyOperatorsMayUseTheRoutes() async throws {
        let (router, _, _) = try Self.router()
        var request = Self.request(.get, "/v1/reminders/deliveries", key: Self.chatKey)
        request.headers.add(name: "X-Customer-Id", value: "c001")
        #expect(await router.respond(to: request).status == 403)
        #expect(await router.respond(to: Self.request(.get, "/v1/reminders/deliveries")).status == 200)
        #expect(await router.respond(to: Self.request(.get, "/v1/reminders/deliveries?state=lost")).status == 400)
    }

    @Test func deliveriesListWhatTheSchedulerWrote() async throws {
        let (router, reminders, clock) = try Self.router()
        _ = await router.respond(to: Self.request(.post, "/v1/reminder-rules", body: Self.elderlyRule))
        clock.advance(by: 40 * 86_400)
        let report = reminders.fireDueNow()
        #expect(report.written + report.missed > 0)
        let response = await router.respond(to: Self.request(.get, "/v1/reminders/deliveries?limit=1000"))
        let deliveries = try #require(try Self.json(response)["deliveries"] as? [[String: Any]])
        #expect(deliveries.count == report.written + report.missed)
    }
}
