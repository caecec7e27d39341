import Dispatch
import Foundation
import PayAssistCore

/// The reminder scheduler: ONE `DispatchSourceTimer` on a dedicated serial queue, armed for the
/// earliest next-fire instant in a binary heap holding one entry per customer. When it fires, every
/// due reminder is written to the outbox in the same SQLite transaction that advances the
/// scheduler's progress; then each customer's next instant goes back into the heap.
///
/// Changes (rules, payments, bills, preferences) re-plan the customers concerned and re-arm the
/// timer. Everything reads the injected `WallClock`; tests never start the timer and call
/// `fireDueNow()` after moving a `ManualClock`.
// @unchecked Sendable: every mutable property below is only touched on `queue` (entry points
// hop onto it with `queue.sync`/`queue.async`; internal helpers assert it with dispatchPrecondition).
public final class ReminderScheduler: @unchecked Sendable {
    struct HeapEntry: Comparable {
        let fireAt: Int64
        let subject: Int32
        let generation: UInt32

        static func < (lhs: HeapEntry, rhs: HeapEntry) -> Bool {
            lhs.fireAt != rhs.fireAt ? lhs.fireAt < rhs.fireAt : lhs.subject < rhs.subject
        }
    }

    /// The dedicated serial queue all scheduling state lives on.
    let queue = DispatchQueue(label: "payassist.reminders.scheduler", qos: .userInitiated)
    private let clock: any WallClock
    private let store: ReminderStore
    private let source: any ReminderSubjectSource
    private let payLinks: any PayLinkProvider
    private let logger: Logger
    private let settings: ReminderSettings
    /// Simulated seconds per real second (1 normally; a benchmark may run a faster clock).
    private let clockRate: Double

    private let core: PlanningCore
    private var subjects: [SubjectRecord] = []
    private var generations: [UInt32] = []
    private var indexByCustomer: [String: Int32] = [:]
    private var heap = BinaryHeap<HeapEntry>()
    private var processedThroughMs: Int64 = 0
    private var timer: DispatchSourceTimer?
    private var armedFor: Int64?
    private var latenessSamples: [Double] = []
    private var loaded = false
    /// Called (on the scheduler queue) after reminders were written, to wake the dispatcher.
    var onOutboxWritten: (@Sendable () -> Void)?

    /// Creates a scheduler; nothing is loaded until `load()` or `start()`.
    public init(store: ReminderStore, source: any ReminderSubjectSource, clock: any WallClock, settings: ReminderSettings = ReminderSettings(),
                payLinks: any PayLinkProvider = DeepLinkPayLinkProvider(), logger: Logger = .disabled, clockRate: Double = 1) {
        self.store = store
        self.source = source
        self.clock = clock
        self.settings = settings
        self.payLinks = payLinks
        self.logger = logger
        self.clockRate = clockRate > 0 ? clockRate : 1
        core = PlanningCore(settings: settings)
    }

    private var nowMs: Int64 { ReminderStore.ms(clock.now()) }

    // MARK: Loading

    /// Loads rules, preferences, progress and every subject, and plans each subject's next
    /// reminder after the stored progress (so what fell due while down fires on the next firing).
    /// Returns the number of subjects scheduled.
    @discardableResult
    public func load() throws -> Int {
        try queue.sync {
            core.setRules(try store.allRules())
            core.preferences = Dictionary(try store.allPreferences().map { ($0.customerID, $0) }, uniquingKeysWith: { $1 })
            if let stored = try store.processedThrough() {
                processedThroughMs = ReminderStore.ms(stored)
            } else {
                processedThroughMs = nowMs
                try store.setProcessedThrough(ReminderStore.date(processedThroughMs))
            }
            subjects = []
            indexByCustomer = [:]
            try source.forEachSubject { subject in
                indexByCustomer[subject.customerID] = Int32(subjects.count)
                subjects.append(core.record(subject))
            }
            generations = [UInt32](repeating: 0, count: subjects.count)
            rebuildHeap()
            loaded = true
            return heap.count
        }
    }

    /// Plans every subject again after the current progress (rules changed, or first load).
    private func rebuildHeap() {
        dispatchPrecondition(condition: .onQueue(queue))
        let after = processedThroughMs / 1000
        var entries: [HeapEntry] = []
        entries.reserveCapacity(subjects.count)
        for index in subjects.indices {
            generations[index] &+= 1
            if let next = core.nextFire(subjects[index], after: after) {
                entries.append(HeapEntry(fireAt: next, subject: Int32(index), generation: generations[index]))
            }
        }
        heap = BinaryHeap(entries)
    }

    /// Re-plans one subject (its old heap entry becomes stale and is skipped when popped).
    private func replan(_ index: Int) {
        dispatchPrecondition(condition: .onQueue(queue))
        generations[index] &+= 1
        if let next = core.nextFire(subjects[index], after: processedThroughMs / 1000) {
            heap.push(HeapEntry(fireAt: next, subject: Int32(index), generation: generations[index]))
        }
        if heap.count > 2 * subjects.count + 1024 { rebuildHeap() }
    }

    // MARK: Timer

    /// Loads (if not yet loaded) and starts the timer.
    public func start() throws {
        if !(queue.sync { loaded }) { try load() }
        queue.sync {
            guard timer == nil else { return }
            let source = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
            source.setEventHandler { [weak self] in self?.timerFired() }
            timer = source
            source.resume()
            arm()
        }
    }

    /// Stops the timer; what falls due afterwards is caught up by the next `start()`.
    public func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
            armedFor = nil
        }
    }

    /// Points the one timer at the earliest live heap entry.
    private func arm() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let timer else { return }
        while let top = heap.min, generations[Int(top.subject)] != top.generation { heap.popMin() }
        guard let top = heap.min else {
            armedFor = nil
            timer.schedule(deadline: .distantFuture, leeway: .seconds(1))
            return
        }
        let delay = max(0, (Double(top.fireAt) - clock.now().timeIntervalSince1970) / clockRate)
        armedFor = top.fireAt
        timer.schedule(deadline: .now() + delay, leeway: .milliseconds(1))
    }

    private func timerFired() {
        dispatchPrecondition(condition: .onQueue(queue))
        if let target = armedFor {
            let latenessMs = (clock.now().timeIntervalSince1970 - Double(target)) * 1000 / clockRate
            if latenessMs >= 0 {
                if latenessSamples.count >= 100_000 { latenessSamples.removeFirst(50_000) }
                latenessSamples.append(latenessMs)
            }
        }
        _ = fireDue()
        arm()
    }

    /// How late (real milliseconds) the timer fired, per firing, most recent last.
    public func timerLatenessMilliseconds() -> [Double] { queue.sync { latenessSamples } }

    // MARK: Firing

    /// Writes every reminder due now to the outbox (tests and the simulation call this instead of waiting).
    @discardableResult
    public func fireDueNow() -> FiringReport {
        queue.sync {
            let report = fireDue()
            arm()
            return report
        }
    }

    private func fireDue() -> FiringReport {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = nowMs
        let nowSeconds = CivilDay.floorDiv(now, 1000)
        var entries: [OutboxEntry] = []
        var popped = 0
        while let top = heap.min, top.fireAt <= nowSeconds {
            heap.popMin()
            let index = Int(top.subject)
            guard generations[index] == top.generation else { continue }
            popped += 1
            let subject = subjects[index]
            for occurrence in core.occurrences(subject, at: top.fireAt) {
                entries.append(entry(occurrence, subject: subject, nowSeconds: nowSeconds))
            }
            if let next = core.nextFire(subject, after: top.fireAt) {
                heap.push(HeapEntry(fireAt: next, subject: top.subject, generation: top.generation))
            }
        }
        guard popped > 0 else { return FiringReport() }
        do {
            let report = try store.writeFiring(entries, processedThroughMs: max(now, processedThroughMs), nowMs: now, maxPerDay: settings.maxPerCustomerPerDay)
            processedThroughMs = max(now, processedThroughMs)
            if report.written > 0 { onOutboxWritten?() }
            if report.written + report.missed > 0 {
                logger.info("reminders due", ["written": String(report.written), "missed": String(report.missed),
                                              "deduplicated": String(report.deduplicated), "suppressed": String(report.suppressed)])
            }
            return report
        } catch {
            // Nothing was written: plan again from the old progress so these reminders fire on the next try.
            logger.error("writing due reminders failed; will retry", ["error": String(describing: error), "count": String(entries.count)])
            rebuildHeap()
            if let timer { timer.schedule(deadline: .now() + 5 / clockRate, leeway: .milliseconds(10)) }
            return FiringReport()
        }
    }

    /// The outbox row for an occurrence; `links` overrides the pay-link provider (previews use the
    /// unsigned deep link, so previewing never creates checkouts).
    private func entry(_ occurrence: PlannedOccurrence, subject: SubjectRecord, nowSeconds: Int64, links: (any PayLinkProvider)? = nil) -> OutboxEntry {
        let rule = core.rule(at: occurrence.rule)
        let bill = subject.bills[occurrence.bill]
        let missed = nowSeconds - occurrence.fireAt > Int64(rule.rule.graceMinutes) * 60
        let text = missed ? "" : ReminderText.render(rule: rule, subject: subject, bill: bill, day: occurrence.day,
                                                     currency: core.currencies[Int(bill.currency)], payLinks: links ?? payLinks)
        return OutboxEntry(customerID: subject.customerID, ruleID: rule.rule.id, billID: bill.billID, localDate: CivilDay.date(occurrence.day).description,
                           accountNumber: bill.accountNumber, channel: core.preferences[subject.customerID]?.channel ?? rule.rule.channel,
                           language: subject.language.rawValue, text: text, scheduledAtMs: occurrence.fireAt * 1000, missed: missed)
    }

    // MARK: Changes

    /// Re-reads the rules from the store and re-plans everyone.
    public func rulesDidChange() throws {
        let rules = try store.allRules()
        queue.sync {
            core.setRules(rules)
            rebuildHeap()
            arm()
        }
    }

    /// Takes a customer's new preference into account.
    public func preferenceDidChange(_ preference: ReminderPreference) {
        queue.sync {
            core.preferences[preference.customerID] = preference
            if let index = indexByCustomer[preference.customerID] { replan(Int(index)) }
            arm()
        }
    }

    /// Re-reads some customers (their bills were paid or changed, or they are new) and re-plans them.
    public func subjectsDidChange(customerIDs: [String]) throws {
        let fresh = try source.subjects(customerIDs: customerIDs)
        let paidBills = fresh.flatMap { $0.bills.filter(\.isPaid).map(\.billID) }
        let keepingRules = queue.sync { core.rules.filter { !$0.rule.stopWhenPaid }.map(\.rule.id) }
        // Reminders written but not through yet (a webhook retrying) are not sent for a paid bill.
        let cancelled = try store.cancelPending(billIDs: paidBills, keepingRules: keepingRules)
        if cancelled > 0 { logger.info("pending reminders cancelled: bill paid", ["count": String(cancelled)]) }
        queue.sync {
            for subject in fresh {
                let record = core.record(subject)
                if let index = indexByCustomer[subject.customerID] {
                    subjects[Int(index)] = record
                    replan(Int(index))
                } else {
                    indexByCustomer[subject.customerID] = Int32(subjects.count)
                    subjects.append(record)
                    generations.append(0)
                    replan(subjects.count - 1)
                }
            }
            arm()
        }
    }

    /// Re-plans the customers linked to an account after a payment on it.
    public func accountDidChange(_ accountNumber: String) throws {
        try subjectsDidChange(customerIDs: try source.customerIDs(linkedToAccount: accountNumber))
    }

    /// Reloads every subject (bills were added or replaced).
    public func reloadSubjects() throws {
        var fresh: [ReminderSubject] = []
        try source.forEachSubject { fresh.append($0) }
        queue.sync {
            subjects = []
            indexByCustomer = [:]
            for subject in fresh {
                indexByCustomer[subject.customerID] = Int32(subjects.count)
                subjects.append(core.record(subject))
            }
            generations = [UInt32](repeating: 0, count: subjects.count)
            rebuildHeap()
            arm()
        }
    }

    // MARK: Reading

    /// The earliest instant any reminder is due, if any.
    public var nextFireDate: Date? {
        queue.sync {
            while let top = heap.min, generations[Int(top.subject)] != top.generation { heap.popMin() }
            return heap.min.map { Date(timeIntervalSince1970: Double($0.fireAt)) }
        }
    }

    /// How many customers the scheduler holds.
    public var subjectCount: Int { queue.sync { subjects.count } }

    /// The instant up to which every due reminder has been written.
    public var processedThrough: Date { queue.sync { ReminderStore.date(processedThroughMs) } }

    /// The languages spoken by customers an audience currently matches (for rule validation).
    public func languages(of audience: ReminderAudience) -> Set<Language> {
        queue.sync {
            let probe = core.compile(ReminderRule(id: "probe", name: "probe", audience: audience, trigger: ReminderTrigger(daysBeforeDue: [0]),
                                                  localTime: try! LocalTime(hour: 9, minute: 0), channel: .sms, templates: [:], priority: 0,
                                                  createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0)))
            var languages = Set<Language>()
            for subject in subjects where !languages.contains(subject.language) && core.audienceMatches(probe, subject) {
                languages.insert(subject.language)
                if languages.count == Language.allCases.count { break }
            }
            return languages
        }
    }

    /// What a rule would send in `(now, now + days]`, without sending anything: the rule is
    /// planned together with the other active rules (so overlaps and limits apply), even when paused.
    /// `{pay_link}` shows the app deep link: a preview signs no checkout link and writes nothing.
    public func preview(_ rule: ReminderRule, days: Int, limit: Int = 500) -> ReminderPreview {
        queue.sync {
            let now = nowMs / 1000
            let until = now + Int64(days) * 86_400
            var active = (try? store.allRules()) ?? []
            active.removeAll { $0.id == rule.id }
            var unpaused = rule
            unpaused.paused = false
            core.setRules(active + [unpaused])
            defer { core.setRules(active + (rule.paused ? [] : [rule])) }
            guard let ruleIndex = core.rules.firstIndex(where: { $0.rule.id == rule.id }) else { return ReminderPreview(total: 0, items: []) }
            var items: [ReminderPreview.Item] = []
            var total = 0
            for subject in subjects {
                for occurrence in core.plan(subject, fromDay: core.firstCandidateDay(after: now), onlyRule: ruleIndex)
                where occurrence.fireAt > now && occurrence.fireAt <= until && core.isEffective(occurrence, subject: subject) {
                    total += 1
                    let entry = self.entry(occurrence, subject: subject, nowSeconds: occurrence.fireAt, links: DeepLinkPayLinkProvider())
                    items.append(ReminderPreview.Item(customerID: subject.customerID, billID: entry.billID, accountNumber: entry.accountNumber,
                                                      localDate: entry.localDate, fireAt: Date(timeIntervalSince1970: Double(occurrence.fireAt)),
                                                      timeZone: core.cache.identifier(Int(core.rule(at: occurrence.rule).zone ?? subject.zone)),
                                                      channel: entry.channel, language: entry.language, text: entry.text))
                }
            }
            items.sort { ($0.fireAt, $0.customerID) < ($1.fireAt, $1.customerID) }
            return ReminderPreview(total: total, items: Array(items.prefix(limit)))
        }
    }
}
