import Billing
import Foundation
import HTTPServer
import PayAssistCore
import Reminders
import Storage

/// `payassist bench reminders`: a million schedules armed, a 100,000-reminder burst, timer lateness, kill -9 mid-burst.
enum BenchRemindersCommand: Subcommand {
    static let name = "bench reminders"
    static let summary = "Benchmark the reminder scheduler: 1M schedules armed, a 100k burst at 09:00 Beijing, timer lateness, kill -9 mid-burst."
    static let flags: [Flag] = [
        Flag("customers", help: "Customers whose schedules are loaded and armed.", default: "1000000"),
        Flag("burst", help: "Customers in Beijing with a reminder due at the same minute (09:00).", default: "100000"),
        Flag("lateness-seconds", help: "Real seconds to measure timer lateness for (on a clock running 600x).", default: "20"),
        Flag("skip-kill-test", help: "Skip the kill -9 run (it starts `payassist bench reminders --child-burst` processes).", boolean: true),
        Flag("child-burst", help: "Internal: run one burst on this database file as a child process (the kill -9 test)."),
        Flag("child-deliver", help: "Internal: deliver this database file's outbox to --receiver as a child process (the kill -9 test)."),
        Flag("receiver", help: "Internal: the file the child's receiver appends each delivered idempotency key to."),
    ]

    /// The day the burst falls on (Beijing); customers' bills are due two days later.
    static let burstDay = LocalDate(year: 2026, month: 12, day: 1)
    static let beijing = TimeZone(identifier: "Asia/Shanghai")!
    static let abroad: [(String, Language)] = [
        ("America/New_York", .en), ("Europe/London", .en), ("Australia/Sydney", .en), ("America/Toronto", .zhHans), ("Europe/Berlin", .de),
        ("Asia/Tokyo", .ja), ("Asia/Seoul", .ko), ("Europe/Paris", .fr), ("Europe/Madrid", .es), ("Europe/Moscow", .ru), ("Asia/Taipei", .zhHant),
        ("Pacific/Kiritimati", .en), ("Pacific/Honolulu", .en), ("America/Los_Angeles", .en), ("Asia/Kolkata", .en), ("Asia/Kathmandu", .en),
    ]

    /// Customers 0..<burst live in Beijing with a bill due two days after the burst day; the others
    /// are spread over 17 zones with bills due 10 to 14 days later (armed, not due in the burst).
    static func source(customers: Int, burst: Int) -> SyntheticSubjectSource {
        SyntheticSubjectSource(count: customers, profile: { index in
            if index < burst || index % 3 != 0 { return .init(timeZone: "Asia/Shanghai", language: .zhHans, tags: ["beijing"]) }
            let (zone, language) = abroad[index % abroad.count]
            return .init(timeZone: zone, language: language, tags: ["overseas"])
        }, dueDates: { index in
            [CivilDay.date(CivilDay.number(burstDay) + (index < burst ? 2 : Int32(10 + index % 5)))]
        })
    }

    /// Everyone, two days before the due date at 09:00 local, by SMS, in every language.
    static func ruleDraft() -> ReminderRuleDraft {
        ReminderRuleDraft(name: "Two days before due", audience: .init(all: true), daysBeforeDue: [2], localTime: "09:00", channel: "sms",
                          templates: Dictionary(uniqueKeysWithValues: ReminderSettings.defaultPersonalRule.templates.map { ($0.key.rawValue, $0.value) }),
                          priority: 10, graceMinutes: 120)
    }

    static func instant(_ date: LocalDate, _ hour: Int, _ minute: Int) -> Date {
        date.startOfDay(in: beijing).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    static func megabytes(_ bytes: Int?) -> String { bytes.map { String(format: "%.0f MB", Double($0) / 1_048_576) } ?? "n/a" }

    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let customers = try arguments.int("customers", in: 1...20_000_000) ?? 1_000_000
        let burst = min(customers, try arguments.int("burst", in: 1...10_000_000) ?? 100_000)
        if let path = arguments.string("child-burst") { return try await childBurst(path: path, burst: burst) }
        if let path = arguments.string("child-deliver"), let receiver = arguments.string("receiver") {
            return try await childDeliver(path: path, receiver: receiver, burst: burst)
        }
        let latenessSeconds = try arguments.seconds("lateness-seconds", in: 1...600) ?? 20
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "payassist-bench-reminders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var failures = 0
        print("bench reminders: \(customers) customers (\(burst) in Beijing due in the burst), \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // 1. Load and arm a million schedules.
        let path = folder.appendingPathComponent("arm.sqlite").path
        let clock = ManualClock(instant(burstDay, 0, 0))
        do {
            let setup = try ReminderService(database: Database(path: path), source: SyntheticSubjectSource(count: 0, profile: { _ in .init(timeZone: "UTC", language: .en, tags: []) }, dueDates: { _ in [] }), clock: clock)
            _ = try setup.createRule(ruleDraft(), actor: "bench")
        }
        let rssBefore = HTTPLoadGenerator.residentMemoryBytes()
        let (service, armSeconds) = try timed { try ReminderService(database: Database(path: path), source: source(customers: customers, burst: burst), clock: clock) }
        let rssAfter = HTTPLoadGenerator.residentMemoryBytes()
        let armOK = armSeconds <= 5 && (rssAfter ?? 0) <= 500 * 1_048_576
        if !armOK { failures += 1 }
        print(String(format: "  load + arm %d schedules: %.2f s, RSS %@ (before %@), next fire %@   [target <= 5 s, <= 500 MB: %@]",
                     service.scheduler.subjectCount, armSeconds, megabytes(rssAfter), megabytes(rssBefore),
                     service.scheduler.nextFireDate.map { "\($0)" } ?? "none", armOK ? "ok" : "MISSED"))

        // 2. The burst: every Beijing customer's reminder due at 09:00 on the same day.
        clock.set(instant(CivilDay.date(CivilDay.number(burstDay) + 0), 9, 0))
        let (report, burstSeconds) = timed { service.fireDueNow() }
        let burstOK = report.written == burst && burstSeconds <= 10
        if !burstOK { failures += 1 }
        print(String(format: "  burst at 09:00 Beijing: %d reminders written to the outbox in %.2f s (%.0f/s)   [target <= 10 s: %@]",
                     report.written, burstSeconds, Double(report.written) / burstSeconds, burstOK ? "ok" : "MISSED"))
        let (delivered, deliverSeconds) = await timedAsync { await service.deliverDueNow() }
        print(String(format: "  dispatcher: %d delivered to the log adapter in %.2f s (%.0f/s)", delivered.logged, deliverSeconds, Double(delivered.logged) / deliverSeconds))
        await service.stop()

        // 3. Timer lateness on the real DispatchSourceTimer, one customer per minute of the day.
        let lateness = try await measureLateness(folder: folder, seconds: latenessSeconds)
        let p50 = percentile(lateness, 0.50), p99 = percentile(lateness, 0.99)
        let latenessOK = !lateness.isEmpty && p99 <= 50
        if !latenessOK { failures += 1 }
        print(String(format: "  timer lateness over %d firings: p50 %.2f ms, p99 %.2f ms, max %.2f ms   [target p99 <= 50 ms: %@]",
                     lateness.count, p50, p99, lateness.max() ?? 0, latenessOK ? "ok" : "MISSED"))

        // 4. kill -9 during the burst, restart, every reminder exactly once.
        if !arguments.bool("skip-kill-test") {
            let ok = try await killDuringBurst(folder: folder, burst: burst)
            if !ok { failures += 1 }
        }
        return failures == 0 ? 0 : 1
    }

    static func timedAsync<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try await body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }

    /// A clock running `rate` times faster than real time from `origin`: a day of minutes in a few real minutes.
    struct FastClock: WallClock {
        let origin: Date
        let realOrigin = Date()
        let rate: Double
        func now() -> Date { origin.addingTimeInterval(Date().timeIntervalSince(realOrigin) * rate) }
    }

    /// 1,440 Beijing customers each preferring a different minute of the day; the real timer runs
    /// against a 600x clock (a minute every 100 ms) and records how late each firing was, in real ms.
    static func measureLateness(folder: URL, seconds: Double) async throws -> [Double] {
        let rate = 600.0
        let day = CivilDay.date(CivilDay.number(burstDay) + 1)
        let source = SyntheticSubjectSource(count: 1440, profile: { _ in .init(timeZone: "Asia/Shanghai", language: .zhHans, tags: ["beijing"]) },
                                            dueDates: { _ in [day] })
        let setupClock = ManualClock(instant(burstDay, 0, 0))
        let path = folder.appendingPathComponent("lateness.sqlite").path
        do {
            let setup = try ReminderService(database: Database(path: path), source: source, clock: setupClock)
            var draft = ruleDraft()
            draft.daysBeforeDue = [0]
            _ = try setup.createRule(draft, actor: "bench")
            for index in 0..<1440 {
                try setup.preferences.setOptIn(customerID: SyntheticSubjectSource.customerID(index), enabled: true,
                                               preferredTime: (hour: index / 60, minute: index % 60))
            }
        }
        let clock = FastClock(origin: instant(day, 0, 0).addingTimeInterval(-1), rate: rate)
        let service = try ReminderService(database: Database(path: path), source: source, clock: clock, clockRate: rate)
        try service.scheduler.start()
        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        service.scheduler.stop()
        return service.scheduler.timerLatenessMilliseconds()
    }

    // MARK: kill -9

    /// The child: a burst of `burst` reminders at 09:00 on `path`; prints "firing" just before.
    static func childBurst(path: String, burst: Int) async throws -> Int32 {
        let clock = ManualClock(instant(burstDay, 8, 59))
        let service = try ReminderService(database: Database(path: path), source: source(customers: burst, burst: burst), clock: clock)
        if try service.rules().isEmpty { _ = try service.createRule(ruleDraft(), actor: "bench") }
        clock.set(instant(burstDay, 9, 0))
        FileHandle.standardOutput.write(Data("firing\n".utf8))
        let report = service.fireDueNow()
        FileHandle.standardOutput.write(Data("written \(report.written)\n".utf8))
        return 0
    }

    /// A webhook receiver stand-in: appends each message's idempotency key to a file (O_APPEND,
    /// one write per message), so a killed process leaves a record of everything it handed over.
    struct FileReceiverAdapter: ReminderChannelAdapter {
        let channel = ReminderChannel.sms
        let descriptor: Int32

        init(path: String) { descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644) }

        func deliver(_ message: ReminderMessage) async -> DeliveryOutcome {
            let line = Array((Crypto.sha256Hex(message.dedupeKey) + "\n").utf8)
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            return written == line.count ? .delivered : .retryable("receiver write failed")
        }
    }

    /// The second child: delivers the outbox to the file receiver; prints "delivering" first.
    static func childDeliver(path: String, receiver: String, burst: Int) async throws -> Int32 {
        let clock = ManualClock(instant(burstDay, 9, 2))
        let service = try ReminderService(database: Database(path: path), source: source(customers: burst, burst: burst), clock: clock,
                                          channels: [FileReceiverAdapter(path: receiver)])
        FileHandle.standardOutput.write(Data("delivering\n".utf8))
        let report = await service.deliverDueNow()
        FileHandle.standardOutput.write(Data("delivered \(report.delivered)\n".utf8))
        return 0
    }

    /// Starts `payassist bench reminders <arguments>`, waits for `marker` on its output, lets it run
    /// `delayMs` more and SIGKILLs it. Returns false when it had already finished.
    static func runAndKill(_ arguments: [String], marker: String, delayMs: Double) async throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bench", "reminders"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains(marker) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        try await Task.sleep(nanoseconds: UInt64(delayMs * 1e6))
        let killed = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return killed
    }

    /// Runs the burst in a child process and SIGKILLs it while it writes; restarts on the same file
    /// (the restart writes what fell due); runs delivery in a second child and SIGKILLs it mid-way;
    /// restarts delivery. Checks every due reminder is in the outbox once, delivered once, and that the
    /// receiver saw every key (repeats only from the batch in flight at the kill, same Idempotency-Key).
    static func killDuringBurst(folder: URL, burst: Int) async throws -> Bool {
        var burstDelay = 400.0
        for attempt in 1...6 {
            let path = folder.appendingPathComponent("kill-\(attempt).sqlite").path
            guard try await runAndKill(["--child-burst", path, "--burst", String(burst)], marker: "firing", delayMs: burstDelay) else {
                burstDelay /= 2
                continue
            }
            let database = try Database(path: path)
            let survived = try database.query("SELECT count(*) AS n FROM reminder_outbox").first?.int("n") ?? -1
            let restarted = try ReminderService(database: database, source: source(customers: burst, burst: burst), clock: ManualClock(instant(burstDay, 9, 1)))
            let report = restarted.fireDueNow()
            await restarted.stop()

            let receiver = folder.appendingPathComponent("receiver-\(attempt).txt").path
            var deliveryKilled = false
            var deliverDelay = 300.0
            for _ in 1...4 where !deliveryKilled {
                deliveryKilled = try await runAndKill(["--child-deliver", path, "--receiver", receiver, "--burst", String(burst)], marker: "delivering", delayMs: deliverDelay)
                deliverDelay /= 2
            }
            let beforeRestart = try database.query("SELECT count(*) AS n FROM reminder_outbox WHERE state = 'delivered'").first?.int("n") ?? -1
            let final = try ReminderService(database: database, source: source(customers: burst, burst: burst), clock: ManualClock(instant(burstDay, 9, 3)),
                                            channels: [FileReceiverAdapter(path: receiver)])
            let delivered = await final.deliverDueNow()
            let again = final.fireDueNow()
            let rows = try database.query("""
                SELECT count(*) AS n, count(DISTINCT customer_id || '|' || rule_id || '|' || bill_id || '|' || local_date) AS keys,
                       sum(state = 'delivered') AS delivered FROM reminder_outbox
                """).first
            let total = rows?.int("n") ?? -1, keys = rows?.int("keys") ?? -1, deliveredRows = rows?.int("delivered") ?? -1
            let lines = (try? String(contentsOfFile: receiver, encoding: .utf8))?.split(separator: "\n") ?? []
            let distinct = Set(lines).count
            let ok = total == burst && keys == burst && deliveredRows == burst && distinct == burst && again.written == 0
            print(String(format: "  kill -9 %.0f ms into the burst: %d rows survived (one transaction: all or none); restart wrote %d, deduplicated %d", burstDelay, survived, report.written, report.deduplicated))
            print("  kill -9 during delivery: \(deliveryKilled ? "killed" : "NOT killed (finished first)") with \(beforeRestart) marked delivered; restart delivered \(delivered.delivered)")
            print("  after both kills: outbox \(total) rows, \(keys) distinct keys, \(deliveredRows) delivered; receiver saw \(distinct) distinct keys in \(lines.count) requests (\(lines.count - distinct) repeats from the batch in flight, same Idempotency-Key)   [\(ok ? "ok" : "FAILED")]")
            return ok
        }
        print("  kill -9: the child finished every burst before the kill; rerun with a larger --burst")
        return false
    }
}
