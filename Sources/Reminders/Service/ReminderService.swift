import Billing
import Foundation
import PayAssistCore
import Storage

/// The reminders capability in one object: rules with audit, previews, customers' preferences,
/// the scheduler (one Dispatch timer) and the outbox dispatcher.
///
/// ```swift
/// let reminders = try ReminderService(database: db, billing: billing, clock: SystemClock(),
///                                     channels: [], logger: logger)   // no webhooks: delivered to the log
/// try reminders.start()
/// router.registerReminderRoutes(context: context, reminders: reminders)
/// ...
/// await reminders.stop()
/// ```
public final class ReminderService: Sendable {
    public let store: ReminderStore
    public let scheduler: ReminderScheduler
    public let dispatcher: ReminderDispatcher
    /// Customers' own choices (for the assistant).
    public let preferences: ReminderPreferences
    private let clock: any WallClock
    private let logger: Logger
    /// Billing changes are applied to the schedule here, one at a time, off the paying thread.
    private let billingChanges = DispatchQueue(label: "payassist.reminders.billing-changes")

    /// A service over the billing store: re-plans customers when payments or bills change.
    ///
    /// - Parameters:
    ///   - channels: adapters per channel (e.g. `WebhookChannelAdapter`); a channel without one is
    ///     delivered to the log (`LogChannelAdapter`, state `logged`).
    ///   - payLinks: makes `{pay_link}`; defaults to a `payassist://pay?...` deep link.
    public convenience init(database: Database, billing: BillingStore, clock: any WallClock = SystemClock(), channels: [any ReminderChannelAdapter] = [],
                            payLinks: (any PayLinkProvider)? = nil, settings: ReminderSettings = ReminderSettings(),
                            retry: RetryPolicy = RetryPolicy(), logger: Logger = .disabled) throws {
        try self.init(database: database, source: BillingSubjectSource(billing: billing), clock: clock, channels: channels,
                      payLinks: payLinks, settings: settings, retry: retry, logger: logger)
        let scheduler = self.scheduler
        let logger = self.logger
        let changes = self.billingChanges
        // Re-planned on a queue of its own, in order: the paying thread (which may still hold a
        // database transaction) never waits for the scheduler, and a payment never waits behind a burst.
        billing.onChange { [weak scheduler] change in
            guard let scheduler else { return }
            changes.async {
                do {
                    switch change {
                    case .paymentRecorded(let account): try scheduler.accountDidChange(account)
                    case .billsChanged: try scheduler.reloadSubjects()
                    }
                } catch {
                    logger.error("re-planning reminders after a billing change failed", ["error": String(describing: error)])
                }
            }
        }
    }

    /// Waits until every billing change seen so far has been applied to the schedule (tests).
    public func waitForBillingChanges() { billingChanges.sync {} }

    /// A service over any subject source (the simulation and benchmark generate subjects).
    /// Loads rules, preferences and subjects at once; `start()` starts the timer and dispatcher.
    public init(database: Database, source: any ReminderSubjectSource, clock: any WallClock = SystemClock(), channels: [any ReminderChannelAdapter] = [],
                payLinks: (any PayLinkProvider)? = nil, settings: ReminderSettings = ReminderSettings(),
                retry: RetryPolicy = RetryPolicy(), logger: Logger = .disabled, clockRate: Double = 1) throws {
        let logger = logger.with(["capability": "reminders"])
        store = try ReminderStore(database: database)
        scheduler = ReminderScheduler(store: store, source: source, clock: clock, settings: settings,
                                      payLinks: payLinks ?? DeepLinkPayLinkProvider(), logger: logger, clockRate: clockRate)
        dispatcher = ReminderDispatcher(store: store, adapters: channels, clock: clock, retry: retry, logger: logger)
        preferences = ReminderPreferences(store: store, scheduler: scheduler, source: source, clock: clock)
        self.clock = clock
        self.logger = logger
        let dispatcher = self.dispatcher
        scheduler.onOutboxWritten = { Task { await dispatcher.wakeUp() } }
        try scheduler.load()
    }

    /// Starts the scheduler's timer and the background dispatcher. What fell due while the service
    /// was down is written at once (or recorded as missed past each rule's grace window).
    public func start() throws {
        try scheduler.start()
        let dispatcher = self.dispatcher
        Task { await dispatcher.start() }
        logger.info("reminders started", ["customers": String(scheduler.subjectCount)])
    }

    /// Stops the timer and the dispatcher; the outbox keeps anything undelivered.
    public func stop() async {
        scheduler.stop()
        await dispatcher.stop()
    }

    // MARK: Rules

    /// Every rule, highest priority first.
    public func rules() throws -> [ReminderRule] { try store.allRules() }

    /// One rule. - Throws: `ReminderError.ruleNotFound`.
    public func rule(id: String) throws -> ReminderRule {
        guard let rule = try store.rule(id: id) else { throw ReminderError.ruleNotFound(id) }
        return rule
    }

    private func validate(_ draft: ReminderRuleDraft, id: String, createdAt: Date, version: Int, paused: Bool) throws -> ReminderRule {
        try ReminderRuleValidator.validate(draft, audienceLanguages: { [scheduler] in scheduler.languages(of: $0) },
                                           id: id, createdAt: createdAt, updatedAt: clock.now(), version: version, paused: paused)
    }

    private func priorityCheck(_ rule: ReminderRule) -> (SQLiteConnection) throws -> Void {
        { connection in
            if !rule.paused, let other = try ReminderStore.activeRule(withPriority: rule.priority, excluding: rule.id, on: connection) {
                throw ReminderError.duplicatePriority(priority: rule.priority, ruleID: other)
            }
        }
    }

    /// Validates and saves a new rule (audited as `actor`), and re-plans everyone.
    public func createRule(_ draft: ReminderRuleDraft, actor: String) throws -> ReminderRule {
        let rule = try validate(draft, id: "rr_" + Crypto.randomToken(byteCount: 6), createdAt: clock.now(), version: 1, paused: false)
        try store.saveRule(before: nil, after: rule, action: "create", actor: actor, at: clock.now(), check: priorityCheck(rule))
        try scheduler.rulesDidChange()
        return rule
    }

    /// Replaces a rule's settings (audited with before and after); reminders already written for
    /// today keep their dedupe keys, so an edit never sends the same reminder twice.
    public func updateRule(id: String, _ draft: ReminderRuleDraft, actor: String) throws -> ReminderRule {
        let before = try rule(id: id)
        let after = try validate(draft, id: id, createdAt: before.createdAt, version: before.version + 1, paused: before.paused)
        try store.saveRule(before: before, after: after, action: "update", actor: actor, at: clock.now(), check: priorityCheck(after))
        try scheduler.rulesDidChange()
        return after
    }

    /// Deletes a rule (audited); its delivered reminders stay in the outbox.
    public func deleteRule(id: String, actor: String) throws {
        let before = try rule(id: id)
        try store.saveRule(before: before, after: nil, action: "delete", actor: actor, at: clock.now())
        try scheduler.rulesDidChange()
    }

    /// Pauses or resumes a rule (audited). Resuming applies to reminders due from now on.
    public func setPaused(id: String, paused: Bool, actor: String) throws -> ReminderRule {
        let before = try rule(id: id)
        guard before.paused != paused else { return before }
        var after = before
        after.paused = paused
        after.updatedAt = clock.now()
        after.version += 1
        try store.saveRule(before: before, after: after, action: paused ? "pause" : "resume", actor: actor, at: clock.now(), check: priorityCheck(after))
        try scheduler.rulesDidChange()
        return after
    }

    /// Who changed a rule, when, and how (oldest first).
    public func audit(ruleID: String) throws -> [ReminderAuditEntry] { try store.audit(subject: ruleID) }

    /// Which customers the rule would remind in the next `days` days, when, how and with which
    /// text, without sending anything. - Throws: `ReminderError.ruleNotFound`, `.invalidParameter`.
    public func preview(ruleID: String, days: Int) throws -> ReminderPreview {
        guard (1...60).contains(days) else { throw ReminderError.invalidParameter("days", "must be a whole number of days in 1...60") }
        return scheduler.preview(try rule(id: ruleID), days: days)
    }

    // MARK: Deliveries

    /// The outbox, newest first.
    public func deliveries(state: DeliveryState? = nil, customerID: String? = nil, ruleID: String? = nil, beforeID: Int64? = nil, limit: Int = 100) throws -> [ReminderDelivery] {
        try store.deliveries(state: state, customerID: customerID, ruleID: ruleID, beforeID: beforeID, limit: max(1, min(limit, 1000)))
    }

    /// Writes what is due now to the outbox (tests and simulations; the timer does this by itself).
    @discardableResult
    public func fireDueNow() -> FiringReport { scheduler.fireDueNow() }

    /// Delivers what is due in the outbox now (tests and simulations; the dispatcher does this by itself).
    @discardableResult
    public func deliverDueNow() async -> DispatchReport { await dispatcher.deliverDue() }
}
