import Billing
import Foundation
import PayAssistCore
import Reminders
import Storage

/// `payassist reminders simulate`: the real scheduler on a simulated clock over generated customers.
enum RemindersSimulateCommand: Subcommand {
    static let name = "reminders simulate"
    static let summary = "Run the reminder scheduler on a simulated clock over generated customers in many time zones; check every reminder."
    static let flags: [Flag] = [
        Flag("days", help: "Simulated days.", default: "60"),
        Flag("customers", help: "Generated customers (about 70% in Beijing, the rest in 16 zones abroad, DST ones included).", default: "100000"),
        Flag("rules", help: "JSON file of rule drafts (default: Fixtures/reminders/rules.json)."),
        Flag("start", help: "First simulated day (Beijing date, YYYY-MM-DD).", default: "2026-11-01"),
        Flag("skip-delivery", help: "Only write the outbox; do not run the dispatcher (reminders stay pending, payments then cancel them).", boolean: true),
    ]
    static let details = """
        Besides ordinary days the run includes: customers paying before, on and after due dates (a payment
        re-plans the customer at once); a 7-hour outage on day 22 from 08:30 Beijing time followed by a restart on the same database
        (reminders within their rule's grace window are sent late, the rest recorded as missed); and on day 24
        an operator moving the first rule's time in the afternoon (reminders already sent that day are
        deduplicated, not sent twice). At the end every outbox row is checked against its rule.
        """

    /// Where generated customers live: zone, language, share (per 1000).
    static let zones: [(zone: String, language: Language, weight: Int)] = [
        ("Asia/Shanghai", .zhHans, 700), ("America/New_York", .en, 30), ("America/Toronto", .zhHans, 25), ("America/Los_Angeles", .en, 25),
        ("Europe/London", .en, 25), ("Europe/Berlin", .de, 20), ("Europe/Paris", .fr, 20), ("Europe/Madrid", .es, 15), ("Europe/Moscow", .ru, 15),
        ("Asia/Tokyo", .ja, 25), ("Asia/Seoul", .ko, 20), ("Asia/Taipei", .zhHant, 15), ("Australia/Sydney", .en, 20),
        ("Australia/Lord_Howe", .en, 5), ("Pacific/Auckland", .en, 10), ("Pacific/Kiritimati", .en, 5), ("Pacific/Honolulu", .en, 5),
    ]

    static func hash(_ a: Int, _ b: Int) -> Int {
        var x = UInt64(truncatingIfNeeded: a &* 0x9E37_79B9) ^ UInt64(truncatingIfNeeded: b &* 0x85EB_CA6B)
        x ^= x >> 33; x &*= 0xff51_afd7_ed55_8ccd; x ^= x >> 33; x &*= 0xc4ce_b9fe_1a85_ec53; x ^= x >> 33
        return Int(x % 1_000_000)
    }

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let days = try arguments.int("days", in: 1...366) ?? 60
        let customers = try arguments.int("customers", in: 1...5_000_000) ?? 100_000
        guard let startDate = LocalDate(arguments.string("start") ?? "") else { throw UsageError(description: "--start must be YYYY-MM-DD") }
        let rulesURL = try arguments.string("rules").map { URL(fileURLWithPath: $0) }
            ?? (ProjectLayout.folder("Fixtures").map { $0.appendingPathComponent("reminders/rules.json") }).orThrow("cannot find Fixtures/; pass --rules")
        let drafts: [ReminderRuleDraft]
        do { drafts = try JSONDecoder().decode([ReminderRuleDraft].self, from: Data(contentsOf: rulesURL)) } catch {
            throw UsageError(description: "cannot read rule drafts from \(rulesURL.path): \(error)")
        }
        let deliver = !arguments.bool("skip-delivery")
        let beijing = TimeZone(identifier: "Asia/Shanghai")!
        let start = startDate.startOfDay(in: beijing)
        let end = start.addingTimeInterval(Double(days) * 86_400)
        let totalWeight = zones.reduce(0) { $0 + $1.weight }
        let startDay = CivilDay.number(startDate)

        // Customers: zone by weight; Beijing customers 60% elderly, everyone abroad is "overseas".
        let source = SyntheticSubjectSource(count: customers, profile: { index in
            var pick = hash(index, 1) % totalWeight
            var chosen = zones[0]
            for zone in zones { if pick < zone.weight { chosen = zone; break }; pick -= zone.weight }
            let tags = chosen.zone == "Asia/Shanghai" ? (hash(index, 2) % 10 < 6 ? ["elderly", "beijing"] : ["beijing"]) : ["overseas"]
            return .init(timeZone: chosen.zone, language: chosen.language, tags: tags)
        }, dueDates: { index in
            // Monthly bills due on day 20...28 of every month the run touches.
            let dueDay = 20 + index % 9
            var dates: [LocalDate] = []
            var month = YearMonth(startDate).adding(months: -1)
            while month.firstDay <= CivilDay.date(startDay + Int32(days) + 31) {
                dates.append(LocalDate(year: month.year, month: month.month, day: dueDay))
                month = month.adding(months: 1)
            }
            return dates
        })

        // Payments: 55% before the due date, 25% up to ten days late, 20% not within the run.
        var payments: [(at: Date, bill: String, customer: Int)] = []
        var paidAt: [String: Date] = [:]
        for index in 0..<customers {
            for bill in source.bills(of: index) {
                let roll = hash(index, bill.dueDate.month * 100 + bill.dueDate.day)
                let dueStart = bill.dueDate.startOfDay(in: beijing)
                let at: Date
                switch roll % 100 {
                case 0..<55: at = dueStart.addingTimeInterval(-Double(roll % 20) * 86_400 + Double(roll % 86_400))
                case 55..<80: at = dueStart.addingTimeInterval(Double(1 + roll % 10) * 86_400 + Double(roll % 86_400))
                default: continue
                }
                paidAt[bill.billID] = at
                if at >= start && at < end { payments.append((at, bill.billID, index)) } else if at < start { _ = source.pay(billID: bill.billID, customer: index) }
            }
        }
        payments.sort { $0.at < $1.at }

        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "payassist-reminders-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("reminders.sqlite").path
        let clock = ManualClock(start)
        let wallStart = Date()
        var service = try ReminderService(database: Database(path: path), source: source, clock: clock)
        var rules: [ReminderRule] = []
        for (index, draft) in drafts.enumerated() {
            do { rules.append(try service.createRule(draft, actor: "simulation")) } catch let error as any CodedError {
                throw UsageError(description: "rule \(index + 1) in \(rulesURL.lastPathComponent) is invalid: \(error.code): \(error.message)")
            }
        }
        print("reminders simulate: \(customers) customers in \(zones.count) zones, \(days) days from \(startDate) (Beijing), \(rules.count) rules, \(payments.count) payments")
        for (index, rule) in rules.enumerated() { print("  R\(index + 1) = \(rule.name) [\(rule.channel.rawValue), \(rule.localTime), priority \(rule.priority)]") }

        var perDay = [FiringReport](repeating: FiringReport(), count: days)
        let outageStart = start.addingTimeInterval(21 * 86_400 + 8.5 * 3600)  // day 22, 08:30 Beijing
        let outageEnd = outageStart.addingTimeInterval(7 * 3600)
        let editAt = start.addingTimeInterval(23 * 86_400 + 13 * 3600)         // day 24, 13:00 Beijing
        var ruleVersions: [String: [ReminderRule]] = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, [$0]) })
        var didOutage = false
        var didEdit = false
        var paymentIndex = 0
        var nextDayBoundary = start.addingTimeInterval(86_400)

        while true {
            var next = min(end, nextDayBoundary)
            if let fire = service.scheduler.nextFireDate { next = min(next, max(fire, clock.now())) }
            if paymentIndex < payments.count { next = min(next, payments[paymentIndex].at) }
            if !didOutage { next = min(next, outageStart) }
            if !didEdit { next = min(next, editAt) }
            clock.set(next)
            var changed: [String] = []
            while paymentIndex < payments.count && payments[paymentIndex].at <= next {
                changed.append(source.pay(billID: payments[paymentIndex].bill, customer: payments[paymentIndex].customer))
                paymentIndex += 1
            }
            if !changed.isEmpty { try service.scheduler.subjectsDidChange(customerIDs: changed) }
            if !didOutage && next >= outageStart {
                // The process dies; payments keep arriving in the billing system; it restarts on the same file.
                didOutage = true
                await service.stop()
                clock.set(outageEnd)
                while paymentIndex < payments.count && payments[paymentIndex].at <= outageEnd {
                    _ = source.pay(billID: payments[paymentIndex].bill, customer: payments[paymentIndex].customer)
                    paymentIndex += 1
                }
                service = try ReminderService(database: Database(path: path), source: source, clock: clock)
            }
            if !didEdit && next >= editAt {
                didEdit = true
                var draft = ReminderRuleDraft(rules[0])
                draft.localTime = "18:00"
                let edited = try service.updateRule(id: rules[0].id, draft, actor: "simulation operator")
                ruleVersions[edited.id, default: []].append(edited)
            }
            let report = service.fireDueNow()
            let day = min(days - 1, Int(clock.now().timeIntervalSince(start) / 86_400))
            perDay[day] += report
            // The dispatcher delivers right after each firing, as the running service does.
            if deliver && report.written > 0 { _ = await service.deliverDueNow() }
            if next >= nextDayBoundary { nextDayBoundary = nextDayBoundary.addingTimeInterval(86_400) }
            if next >= end { break }
        }
        if deliver { _ = await service.deliverDueNow() }
        let simulatedSeconds = Date().timeIntervalSince(wallStart)

        // Per day: reminders written per rule and channel (by when they were due), missed, deduplicated, suppressed.
        let database = service.store.database
        var counts: [Int: [String: Int]] = [:]
        let ruleLabel = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, "R\($0 + 1)") })
        for row in try database.query("""
            SELECT (scheduled_at_ms - ?) / 86400000 AS d, rule_id, channel, count(*) AS n FROM reminder_outbox
            WHERE state <> 'missed' GROUP BY d, rule_id, channel
            """, [.integer(Int64(start.timeIntervalSince1970 * 1000))]) {
            counts[row.int("d") ?? 0, default: [:]]["\(ruleLabel[row.string("rule_id") ?? ""] ?? "?") \(row.string("channel") ?? "")", default: 0] += row.int("n") ?? 0
        }
        print("\nday  date        written per rule and channel" + String(repeating: " ", count: 44) + "missed  dedup  suppressed")
        var totals = FiringReport()
        for day in 0..<days {
            let date = CivilDay.date(startDay + Int32(day))
            let cells = (counts[day] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "  ")
            let report = perDay[day]
            totals += report
            print(String(format: "%3d  %@  %@ %6d  %5d  %10d", day + 1, date.description, cells.padding(toLength: 86, withPad: " ", startingAt: 0),
                         report.missed, report.deduplicated, report.suppressed))
        }
        let states = try service.store.deliveryCounts()
        print("\ntotal: \(totals.written) written, \(totals.missed) missed, \(totals.deduplicated) deduplicated, \(totals.suppressed) suppressed; states: "
              + states.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))

        // Check every outbox row against its rule.
        let violations = try verify(database: database, source: source, ruleVersions: ruleVersions, paidAt: paidAt)
        print("check: \(violations.checked) reminders checked against their rules; \(violations.problems.count) violations")
        for problem in violations.problems.prefix(10) { print("  violation: \(problem)") }
        print(String(format: "simulated %d days for %d customers in %.1f s", days, customers, simulatedSeconds))
        return violations.problems.isEmpty ? 0 : 1
    }

    /// Checks each outbox row: the rule (as it stood when the reminder was due) targets the customer
    /// and the bill on that local date; it fired at the rule's local time in the customer's zone
    /// (DST-resolved, quiet hours applied); the bill was unpaid then; late ones within the grace
    /// window were sent and the others recorded as missed; at most the daily limit per customer and day.
    static func verify(database: Database, source: SyntheticSubjectSource, ruleVersions: [String: [ReminderRule]], paidAt: [String: Date]) throws -> (checked: Int, problems: [String]) {
        var problems: [String] = []
        var checked = 0
        var perCustomerDay: [String: Int] = [:]
        let settings = ReminderSettings()
        try database.withConnection { connection in
            try connection.forEachRow("SELECT * FROM reminder_outbox") { row in
                checked += 1
                let customer = row.string("customer_id") ?? ""
                let ruleID = row.string("rule_id") ?? ""
                let key = "\(customer)|\(ruleID)|\(row.string("bill_id") ?? "")|\(row.string("local_date") ?? "")"
                func fail(_ why: String) { if problems.count < 1000 { problems.append("\(key): \(why)") } }
                guard let index = Int(customer.dropFirst()), let localDate = LocalDate(row.string("local_date") ?? "") else { return fail("unreadable row") }
                let scheduled = Date(timeIntervalSince1970: Double(row.int64("scheduled_at_ms") ?? 0) / 1000)
                let created = Date(timeIntervalSince1970: Double(row.int64("created_at_ms") ?? 0) / 1000)
                guard let versions = ruleVersions[ruleID], let rule = versions.last(where: { $0.updatedAt <= scheduled }) ?? versions.first else { return fail("unknown rule") }
                let subject = source.subject(index)
                guard let bill = source.bills(of: index).first(where: { $0.billID == row.string("bill_id") }) else { return fail("unknown bill") }
                if !rule.audience.matchesCustomer(tags: subject.tags, language: subject.language) { fail("customer outside the audience") }
                let day = CivilDay.number(localDate)
                let issued = CivilDay.number(bill.issuedOn), due = CivilDay.number(bill.dueDate)
                var triggerDays = Set(rule.trigger.daysBeforeDue.map { due - Int32($0) })
                if rule.trigger.onIssueDay { triggerDays.insert(issued) }
                if rule.trigger.overdueDailyForDays > 0 { for after in 1...rule.trigger.overdueDailyForDays { triggerDays.insert(due + Int32(after)) } }
                if !triggerDays.contains(day) { fail("not a trigger day of the rule") }
                if rule.audience.accountStates == [.overdue] && day <= due { fail("bill not overdue that day") }
                let (offset, time) = rule.quietHours?.shift(rule.localTime) ?? (0, rule.localTime)
                let expected = LocalTimeResolver.date(day + Int32(offset), time, in: TimeZone(identifier: rule.timeZone ?? subject.timeZone) ?? settings.fallbackTimeZone)
                if expected != scheduled { fail("due at \(scheduled), rule says \(expected)") }
                if rule.stopWhenPaid, let paid = paidAt[bill.billID], paid <= scheduled { fail("bill paid at \(paid) before the reminder") }
                let late = created.timeIntervalSince(scheduled)
                let missed = row.string("state") == "missed"
                if late < 0 { fail("written before it was due") }
                if missed != (late > Double(rule.graceMinutes) * 60) { fail("late \(Int(late)) s with grace \(rule.graceMinutes) min but missed=\(missed)") }
                if !missed {
                    perCustomerDay["\(customer)|\(localDate)", default: 0] += 1
                    if perCustomerDay["\(customer)|\(localDate)"]! > settings.maxPerCustomerPerDay { fail("over the daily limit") }
                }
            }
        }
        return (checked, problems)
    }
}

extension Optional {
    /// The value, or a usage error saying what is missing.
    fileprivate func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw UsageError(description: message) }
        return value
    }
}
