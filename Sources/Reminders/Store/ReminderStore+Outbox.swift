import Foundation
import PayAssistCore
import Storage

/// A reminder that fell due, ready for the outbox.
struct OutboxEntry {
    let customerID: String
    let ruleID: String
    let billID: String
    let localDate: String
    let accountNumber: String
    let channel: ReminderChannel
    let language: String
    let text: String
    let scheduledAtMs: Int64
    /// Due longer ago than the rule's grace window: recorded as missed, never sent.
    let missed: Bool
}

extension ReminderStore {
    /// Writes due reminders and advances the scheduler's progress in one transaction: either all
    /// of them and the new progress are stored, or nothing is. The UNIQUE key (customer, local
    /// date, rule, bill) makes a reminder written twice (after a crash) count as deduplicated.
    func writeFiring(_ entries: [OutboxEntry], processedThroughMs: Int64?, nowMs: Int64, maxPerDay: Int) throws -> FiringReport {
        try database.transaction { connection in
            var report = FiringReport()
            for entry in entries {
                var sameKey = false
                var sameBill = false
                var sentToday = 0
                try connection.forEachRow("SELECT rule_id, bill_id, state FROM reminder_outbox WHERE customer_id = ? AND local_date = ?",
                                          [.text(entry.customerID), .text(entry.localDate)]) { row in
                    let bill = row.string("bill_id")
                    if bill == entry.billID && row.string("rule_id") == entry.ruleID { sameKey = true }
                    let state = row.string("state")
                    if state != DeliveryState.missed.rawValue && state != DeliveryState.cancelled.rawValue {
                        sentToday += 1
                        if bill == entry.billID { sameBill = true }
                    }
                }
                if sameKey { report.deduplicated += 1; continue }
                if !entry.missed && (sameBill || sentToday >= maxPerDay) { report.suppressed += 1; continue }
                try connection.execute("""
                    INSERT INTO reminder_outbox (customer_id, rule_id, bill_id, local_date, account_number, channel, language, body,
                        scheduled_at_ms, created_at_ms, state, next_attempt_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(entry.customerID), .text(entry.ruleID), .text(entry.billID), .text(entry.localDate), .text(entry.accountNumber),
                          .text(entry.channel.rawValue), .text(entry.language), .text(entry.text), .integer(entry.scheduledAtMs), .integer(nowMs),
                          .text(entry.missed ? DeliveryState.missed.rawValue : DeliveryState.pending.rawValue),
                          entry.missed ? .null : .integer(nowMs)])
                if entry.missed { report.missed += 1 } else { report.written += 1 }
            }
            if let processedThroughMs {
                try connection.execute("INSERT OR REPLACE INTO reminder_scheduler_state (id, processed_through_ms) VALUES (1, ?)", [.integer(processedThroughMs)])
            }
            return report
        }
    }

    static func delivery(from row: SQLiteRow) -> ReminderDelivery? {
        guard let id = row.int64("id"), let channel = ReminderChannel(rawValue: row.string("channel") ?? ""),
              let state = DeliveryState(rawValue: row.string("state") ?? "") else { return nil }
        return ReminderDelivery(id: id, customerID: row.string("customer_id") ?? "", ruleID: row.string("rule_id") ?? "",
                                billID: row.string("bill_id") ?? "", accountNumber: row.string("account_number") ?? "",
                                localDate: row.string("local_date") ?? "", channel: channel, language: row.string("language") ?? "",
                                text: row.string("body") ?? "", scheduledAt: date(row.int64("scheduled_at_ms") ?? 0),
                                createdAt: date(row.int64("created_at_ms") ?? 0), state: state, attempts: row.int("attempts") ?? 0,
                                nextAttemptAt: row.int64("next_attempt_ms").map(date), lastError: row.string("last_error"),
                                deliveredAt: row.int64("delivered_at_ms").map(date))
    }

    /// Deliveries, newest first, optionally of one state, customer or rule; `beforeID` pages.
    public func deliveries(state: DeliveryState? = nil, customerID: String? = nil, ruleID: String? = nil, beforeID: Int64? = nil, limit: Int = 100) throws -> [ReminderDelivery] {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let state { conditions.append("state = ?"); values.append(.text(state.rawValue)) }
        if let customerID { conditions.append("customer_id = ?"); values.append(.text(customerID)) }
        if let ruleID { conditions.append("rule_id = ?"); values.append(.text(ruleID)) }
        if let beforeID { conditions.append("id < ?"); values.append(.integer(beforeID)) }
        values.append(.int(limit))
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.query("SELECT * FROM reminder_outbox \(whereClause) ORDER BY id DESC LIMIT ?", values).compactMap(ReminderStore.delivery(from:))
    }

    /// How many outbox rows are in each state.
    public func deliveryCounts() throws -> [DeliveryState: Int] {
        var counts: [DeliveryState: Int] = [:]
        for row in try database.query("SELECT state, count(*) AS n FROM reminder_outbox GROUP BY state") {
            if let state = DeliveryState(rawValue: row.string("state") ?? "") { counts[state] = row.int("n") ?? 0 }
        }
        return counts
    }

    /// Pending reminders whose next attempt is due at `now`, oldest first.
    func dueDeliveries(nowMs: Int64, limit: Int) throws -> [ReminderDelivery] {
        try database.query("SELECT * FROM reminder_outbox WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?",
                           [.integer(nowMs), .int(limit)]).compactMap(ReminderStore.delivery(from:))
    }

    /// When the earliest pending reminder is next due, if any.
    func nextAttemptMs() throws -> Int64? {
        try database.query("SELECT min(next_attempt_ms) AS t FROM reminder_outbox WHERE state = 'pending'").first?.int64("t")
    }

    /// Cancels the pending reminders of bills that were paid, except those of rules that keep
    /// reminding after payment; returns how many were cancelled.
    func cancelPending(billIDs: [String], keepingRules: [String]) throws -> Int {
        guard !billIDs.isEmpty else { return 0 }
        // Most payments have nothing pending: a read through the partial index avoids a write transaction.
        let marks = billIDs.map { _ in "?" }.joined(separator: ", ")
        guard try database.query("SELECT 1 AS x FROM reminder_outbox INDEXED BY reminder_outbox_pending_by_bill WHERE state = 'pending' AND bill_id IN (\(marks)) LIMIT 1",
                                 billIDs.map { .text($0) }).first != nil else { return 0 }
        let exclusion = keepingRules.isEmpty ? "" : " AND rule_id NOT IN (" + keepingRules.map { _ in "?" }.joined(separator: ", ") + ")"
        return try database.transaction { connection in
            var cancelled = 0
            for bill in billIDs {
                cancelled += try connection.execute(
                    "UPDATE reminder_outbox INDEXED BY reminder_outbox_pending_by_bill SET state = 'cancelled', last_error = 'bill paid', next_attempt_ms = NULL "
                        + "WHERE state = 'pending' AND bill_id = ?" + exclusion,
                    [.text(bill)] + keepingRules.map { .text($0) })
            }
            return cancelled
        }
    }

    /// Records the results of delivery attempts in one transaction. Only rows still pending change,
    /// so a result can never move a reminder out of a final state.
    func recordAttempts(_ results: [(id: Int64, state: DeliveryState, attempts: Int, nextAttemptMs: Int64?, error: String?, atMs: Int64)]) throws {
        try database.transaction { connection in
            for result in results {
                try connection.execute("""
                    UPDATE reminder_outbox SET state = ?, attempts = ?, next_attempt_ms = ?, last_error = ?,
                        delivered_at_ms = CASE WHEN ? IN ('delivered', 'logged') THEN ? ELSE delivered_at_ms END
                    WHERE id = ? AND state = 'pending'
                    """, [.text(result.state.rawValue), .int(result.attempts), result.nextAttemptMs.map { .integer($0) } ?? .null,
                          .text(result.error), .text(result.state.rawValue), .integer(result.atMs), .integer(result.id)])
            }
        }
    }
}
