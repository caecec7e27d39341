import Foundation
import PayAssistCore

/// Reads due reminders from the outbox and hands each to its channel's adapter, recording the
/// outcome: delivered, logged, retried later with exponential backoff, failed for good, or a dead
/// letter after the policy's last attempt. One actor, so one pass at a time claims the rows.
public actor ReminderDispatcher {
    private let store: ReminderStore
    private let adapters: [ReminderChannel: any ReminderChannelAdapter]
    private let clock: any WallClock
    private let retry: RetryPolicy
    private let logger: Logger
    private let concurrency: Int
    private var loop: Task<Void, Never>?
    private var wake: AsyncStream<Void>.Continuation?
    private var retryTimer: Task<Void, Never>?

    /// - Parameters:
    ///   - adapters: one per channel; channels without one get a `LogChannelAdapter`.
    ///   - concurrency: deliveries in flight at once.
    public init(store: ReminderStore, adapters: [any ReminderChannelAdapter], clock: any WallClock, retry: RetryPolicy = RetryPolicy(),
                logger: Logger = .disabled, concurrency: Int = 16) {
        self.store = store
        var byChannel: [ReminderChannel: any ReminderChannelAdapter] = [:]
        for channel in ReminderChannel.allCases { byChannel[channel] = LogChannelAdapter(channel: channel, logger: logger) }
        for adapter in adapters { byChannel[adapter.channel] = adapter }
        self.adapters = byChannel
        self.clock = clock
        self.retry = retry
        self.logger = logger
        self.concurrency = max(1, concurrency)
    }

    /// Delivers every reminder due now (in batches) and returns what happened.
    @discardableResult
    public func deliverDue() async -> DispatchReport {
        var report = DispatchReport()
        while true {
            let now = ReminderStore.ms(clock.now())
            let batch: [ReminderDelivery]
            do { batch = try store.dueDeliveries(nowMs: now, limit: 256) } catch {
                logger.error("reading the outbox failed", ["error": String(describing: error)])
                return report
            }
            if batch.isEmpty { return report }
            // Outcomes are committed every `concurrency` completions, so a crash repeats at most
            // the deliveries in flight (each carries its Idempotency-Key).
            let (passReport, ok) = await withTaskGroup(of: (ReminderDelivery, DeliveryOutcome).self) { group in
                var passReport = DispatchReport()
                var pending: [(ReminderDelivery, DeliveryOutcome)] = []
                var iterator = batch.makeIterator()
                for _ in 0..<concurrency {
                    guard let delivery = iterator.next() else { break }
                    group.addTask { [adapters] in (delivery, await adapters[delivery.channel]!.deliver(ReminderMessage(delivery))) }
                }
                while let result = await group.next() {
                    pending.append(result)
                    if pending.count >= concurrency {
                        guard record(pending, into: &passReport) else { group.cancelAll(); return (passReport, false) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    if let delivery = iterator.next() {
                        group.addTask { [adapters] in (delivery, await adapters[delivery.channel]!.deliver(ReminderMessage(delivery))) }
                    }
                }
                let ok = record(pending, into: &passReport)
                return (passReport, ok)
            }
            report.delivered += passReport.delivered
            report.logged += passReport.logged
            report.retried += passReport.retried
            report.failed += passReport.failed
            report.dead += passReport.dead
            // Rows retried later are no longer due, so the next query only sees new work.
            if !ok || batch.count < 256 { return report }
        }
    }

    /// Stores the outcomes of finished attempts in one transaction; false when storing failed.
    private func record(_ results: [(ReminderDelivery, DeliveryOutcome)], into report: inout DispatchReport) -> Bool {
        guard !results.isEmpty else { return true }
        let at = ReminderStore.ms(clock.now())
        var updates: [(id: Int64, state: DeliveryState, attempts: Int, nextAttemptMs: Int64?, error: String?, atMs: Int64)] = []
        var counted = DispatchReport()
        for (delivery, outcome) in results {
            let attempts = delivery.attempts + 1
            switch outcome {
            case .delivered:
                counted.delivered += 1
                updates.append((delivery.id, .delivered, attempts, nil, nil, at))
            case .logged:
                counted.logged += 1
                updates.append((delivery.id, .logged, attempts, nil, nil, at))
            case .permanent(let why):
                counted.failed += 1
                updates.append((delivery.id, .failed, attempts, nil, why, at))
            case .retryable(let why):
                if let delay = retry.delay(afterAttempt: attempts) {
                    counted.retried += 1
                    updates.append((delivery.id, .pending, attempts, at + Int64(delay * 1000), why, at))
                } else {
                    counted.dead += 1
                    logger.warning("reminder dead-lettered", ["delivery": String(delivery.id), "error": why])
                    updates.append((delivery.id, .dead, attempts, nil, why, at))
                }
            }
        }
        do { try store.recordAttempts(updates) } catch {
            logger.error("recording deliveries failed", ["error": String(describing: error)])
            return false
        }
        report.delivered += counted.delivered
        report.logged += counted.logged
        report.retried += counted.retried
        report.failed += counted.failed
        report.dead += counted.dead
        return true
    }

    /// Starts delivering in the background: on every `wakeUp()` and when the next retry is due.
    public func start() {
        guard loop == nil else { return }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake = continuation
        loop = Task { [weak self] in
            for await _ in stream {
                guard let self else { return }
                await self.deliverDue()
                await self.scheduleRetryWake()
            }
        }
        continuation.yield()
    }

    /// Asks the background loop for a pass (the scheduler calls it after writing reminders).
    public func wakeUp() { wake?.yield() }

    /// Stops the background loop; undelivered reminders stay in the outbox for the next start.
    public func stop() {
        wake?.finish()
        wake = nil
        loop?.cancel()
        loop = nil
        retryTimer?.cancel()
        retryTimer = nil
    }

    private func scheduleRetryWake() {
        retryTimer?.cancel()
        guard let next = try? store.nextAttemptMs() else { return }
        let delay = max(0.05, Double(next - ReminderStore.ms(clock.now())) / 1000)
        retryTimer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(min(delay, 3600) * 1_000_000_000))
            if Task.isCancelled { return }
            await self?.wakeUp()
        }
    }
}
