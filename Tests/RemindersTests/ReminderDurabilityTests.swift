import Foundation
import PayAssistCore
import Storage
import Testing
@testable import Reminders

/// Restarts and crashes: nothing due is lost, nothing is sent twice, late ones past the grace window are missed.
struct ReminderDurabilityTests {
    /// A fresh database file in a temporary folder.
    static func databasePath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reminders-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("reminders.sqlite").path
    }

    /// Deletes the database's temporary folder.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    static func start(path: String, clock: ManualClock, channels: [any ReminderChannelAdapter] = []) throws -> ReminderService {
        try ReminderService(database: Database(path: path), source: InMemorySubjectSource([TestSupport.subject(due: "2026-11-28")]),
                            clock: clock, channels: channels)
    }

    @Test func aCrashBetweenOutboxWriteAndDeliveryDeliversExactlyOnceAfterRestart() async throws {
        let path = Self.databasePath()
        defer { Self.remove(path) }
        let clock = ManualClock(TestSupport.instant("2026-11-27T00:00:00Z"))
        let recorder = RecordingAdapter(channel: .sms)
        do {
            let first = try Self.start(path: path, clock: clock, channels: [recorder])
            _ = try first.createRule(ReminderServiceTests.draft(), actor: "ops")
            clock.set(TestSupport.instant("2026-11-28T01:00:00Z"))
            #expect(first.fireDueNow().written == 1)
            // The process dies here: written to the outbox, never handed to the channel.
        }
        clock.advance(by: 300)
        let second = try Self.start(path: path, clock: clock, channels: [recorder])
        #expect(second.fireDueNow().written == 0)
        #expect(await second.deliverDueNow().delivered == 1)
        #expect(await second.deliverDueNow().attempts == 0)
        #expect(recorder.messages.count == 1)

        // Even if the progress marker were lost, the dedupe key keeps the reminder single.
        try second.store.setProcessedThrough(TestSupport.instant("2026-11-27T00:00:00Z"))
        let third = try Self.start(path: path, clock: clock, channels: [recorder])
        let replay = third.fireDueNow()
        #expect(replay.written == 0)
        #expect(replay.deduplicated == 1)
        #expect(await third.deliverDueNow().attempts == 0)
        #expect(recorder.messages.count == 1)
    }

    @Test func remindersDueWhileDownAreSentWithinTheGraceWindowAndMissedAfterIt() throws {
        let path = Self.databasePath()
        defer { Self.remove(path) }
        let clock = ManualClock(TestSupport.instant("2026-11-26T00:00:00Z"))
        let subject = TestSupport.subject(due: "2026-11-28")
        do {
            let service = try ReminderService(database: Database(path: path), source: InMemorySubjectSource([subject]), clock: clock)
            _ = try service.createRule(ReminderServiceTests.draft(days: [2, 1, 0], grace: 120), actor: "ops")
        }
        // Down from before the 26th's 09:00 until 10:30 (1.5 h late, within 2 h of grace).
        clock.set(TestSupport.instant("2026-11-26T02:30:00Z"))
        var service = try ReminderService(database: Database(path: path), source: InMemorySubjectSource([subject]), clock: clock)
        var report = service.fireDueNow()
        #expect(report.written == 1)
        #expect(report.missed == 0)
        // Down again over the 27th's and 28th's 09:00 until 12:00 on the 28th: the 27th is a day late
        // and the 28th three hours late, both past the grace window.
        clock.set(TestSupport.instant("2026-11-28T04:00:00Z"))
        service = try ReminderService(database: Database(path: path), source: InMemorySubjectSource([subject]), clock: clock)
        report = service.fireDueNow()
        #expect(report.written == 0)
        #expect(report.missed == 2)
        #expect(try service.deliveries(state: .missed).map(\.localDate) == ["2026-11-28", "2026-11-27"])
    }
}

/// Records what it is asked to deliver; can fail on demand.
final class RecordingAdapter: ReminderChannelAdapter {
    let channel: ReminderChannel
    private let state = Mutex<(messages: [ReminderMessage], outcome: DeliveryOutcome)>(([], .delivered))

    init(channel: ReminderChannel) { self.channel = channel }

    var messages: [ReminderMessage] { state.withLock { $0.messages } }

    func answer(_ outcome: DeliveryOutcome) { state.withLock { $0.outcome = outcome } }

    func deliver(_ message: ReminderMessage) async -> DeliveryOutcome {
        state.withLock { state in
            state.messages.append(message)
            return state.outcome
        }
    }
}

import Synchronization
