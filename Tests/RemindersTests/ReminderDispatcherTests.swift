import Foundation
import PayAssistCore
import Storage
import Synchronization
import Testing
@testable import Reminders

/// Delivery through webhooks: signed, retried with backoff, dead-lettered, never duplicated.
struct ReminderDispatcherTests {
    /// A transport answering from a script of status codes (the last one repeats), recording requests.
    final class ScriptedTransport: WebhookTransport {
        struct Sent: Sendable {
            let headers: [String: String]
            let body: [UInt8]
        }

        private let state: Mutex<(statuses: [Int], sent: [Sent])>

        init(_ statuses: [Int]) { state = Mutex((statuses, [])) }

        var sent: [Sent] { state.withLock { $0.sent } }

        func setStatuses(_ statuses: [Int]) { state.withLock { $0.statuses = statuses } }

        func post(url: URL, headers: [String: String], body: [UInt8], timeout: TimeInterval) async throws -> Int {
            try state.withLock { state in
                state.sent.append(Sent(headers: headers, body: body))
                let status = state.statuses.count > 1 ? state.statuses.removeFirst() : (state.statuses.first ?? 200)
                if status == 0 { throw URLError(.timedOut) }
                return status
            }
        }
    }

    static func service(transport: ScriptedTransport, retry: RetryPolicy = RetryPolicy()) throws -> (ReminderService, ManualClock) {
        let clock = ManualClock(TestSupport.instant("2026-11-27T00:00:00Z"))
        let webhook = WebhookChannelAdapter(channel: .sms, url: URL(string: "http://127.0.0.1:9/sms")!, secret: "test-secret", clock: clock, transport: transport)
        let service = try ReminderService(database: Database.inMemory(), source: InMemorySubjectSource([TestSupport.subject(due: "2026-11-28")]),
                                          clock: clock, channels: [webhook], retry: retry)
        _ = try service.createRule(ReminderServiceTests.draft(), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 1)
        return (service, clock)
    }

    @Test func aWebhookDeliveryIsSignedWithHMAC() async throws {
        let transport = ScriptedTransport([200])
        let (service, _) = try Self.service(transport: transport)
        #expect(await service.deliverDueNow().delivered == 1)
        let sent = try #require(transport.sent.first)
        let timestamp = try #require(sent.headers["X-PayAssist-Timestamp"].flatMap { Int64($0) })
        #expect(sent.headers["X-PayAssist-Signature"] == WebhookChannelAdapter.signature(secret: Array("test-secret".utf8), timestamp: timestamp, body: sent.body))
        #expect(sent.headers["Idempotency-Key"] == Crypto.sha256Hex("c1|r|1002345678-2026-11-28|2026-11-28".replacingOccurrences(of: "|r|", with: "|\(try service.rules()[0].id)|")))
        let message = try JSONDecoder.iso.decode(ReminderMessage.self, from: Data(sent.body))
        #expect(message.customerID == "c1")
        #expect(try service.deliveries().first?.state == .delivered)
    }

    @Test func aWebhookFailingForAnHourIsRetriedWithBackoffAndDeliveredOnce() async throws {
        let transport = ScriptedTransport([500])
        let (service, clock) = try Self.service(transport: transport)
        var waits: [Double] = []
        var last = clock.now()
        // An hour of 500s and timeouts: each pass delivers only what is due, then the clock jumps to the next attempt.
        while clock.now().timeIntervalSince(TestSupport.instant("2026-11-28T01:00:00Z")) < 3600 {
            _ = await service.deliverDueNow()
            let pending = try #require(try service.deliveries().first)
            #expect(pending.state == .pending)
            let next = try #require(pending.nextAttemptAt)
            waits.append(next.timeIntervalSince(last).rounded())
            last = next
            clock.set(next)
            if waits.count == 3 { transport.setStatuses([0]) }   // timeouts count as retryable too
        }
        #expect(waits.prefix(4) == [30, 60, 120, 240])
        transport.setStatuses([200])
        #expect(await service.deliverDueNow().delivered == 1)
        #expect(await service.deliverDueNow().attempts == 0)
        let done = try #require(try service.deliveries().first)
        #expect(done.state == .delivered)
        #expect(done.attempts == transport.sent.count)
        #expect(Set(transport.sent.map { $0.headers["Idempotency-Key"] ?? "" }).count == 1)
    }

    @Test func aDeliveryThatNeverSucceedsBecomesADeadLetter() async throws {
        let transport = ScriptedTransport([503])
        let (service, clock) = try Self.service(transport: transport, retry: RetryPolicy(maxAttempts: 3, baseDelay: 10, maxDelay: 60))
        for _ in 0..<5 {
            _ = await service.deliverDueNow()
            clock.advance(by: 120)
        }
        let dead = try #require(try service.deliveries().first)
        #expect(dead.state == .dead)
        #expect(dead.attempts == 3)
        #expect(dead.lastError == "HTTP 503")
        #expect(transport.sent.count == 3)
    }

    @Test func aReminderStillRetryingWhenTheBillIsPaidIsCancelled() async throws {
        let transport = ScriptedTransport([500])
        let clock = ManualClock(TestSupport.instant("2026-11-27T00:00:00Z"))
        let source = InMemorySubjectSource([TestSupport.subject(due: "2026-11-28", billID: "b1")])
        let webhook = WebhookChannelAdapter(channel: .sms, url: URL(string: "http://127.0.0.1:9/sms")!, secret: "test-secret", clock: clock, transport: transport)
        let service = try ReminderService(database: Database.inMemory(), source: source, clock: clock, channels: [webhook])
        _ = try service.createRule(ReminderServiceTests.draft(), actor: "ops")
        clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
        #expect(service.fireDueNow().written == 1)
        #expect(await service.deliverDueNow().retried == 1)
        try service.scheduler.subjectsDidChange(customerIDs: source.pay(billID: "b1"))
        transport.setStatuses([200])
        clock.advance(by: 3600)
        #expect(await service.deliverDueNow().attempts == 0)
        #expect(try service.deliveries().first?.state == .cancelled)
        #expect(transport.sent.count == 1)
    }

    @Test func aRejectedDeliveryIsNotRetried() async throws {
        let transport = ScriptedTransport([400])
        let (service, clock) = try Self.service(transport: transport)
        #expect(await service.deliverDueNow().failed == 1)
        clock.advance(by: 3600)
        #expect(await service.deliverDueNow().attempts == 0)
        #expect(try service.deliveries().first?.state == .failed)
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Webhook configuration from the environment.
struct WebhookConfigurationTests {
    @Test func webhooksAreConfiguredPerChannelFromTheEnvironment() throws {
        let adapters = try WebhookChannelAdapter.adapters(fromEnvironment: [
            "PAYASSIST_REMINDER_WEBHOOK_SMS": "https://sms.example/hook", "PAYASSIST_REMINDER_WEBHOOK_SECRET": "0123456789abcdef",
        ])
        #expect(adapters.map(\.channel) == [.sms])
        #expect(adapters.first?.url.absoluteString == "https://sms.example/hook")
        #expect(throws: ReminderError.self) { try WebhookChannelAdapter.adapters(fromEnvironment: ["PAYASSIST_REMINDER_WEBHOOK_CHAT": "https://x.example/"]) }
        #expect(throws: ReminderError.self) { try WebhookChannelAdapter.adapters(fromEnvironment: ["PAYASSIST_REMINDER_WEBHOOK_CHAT": "not a url", "PAYASSIST_REMINDER_WEBHOOK_SECRET": "0123456789abcdef"]) }
        #expect(try WebhookChannelAdapter.adapters(fromEnvironment: [:]).isEmpty)
    }
}
