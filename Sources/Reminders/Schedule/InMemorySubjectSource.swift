import Foundation
import PayAssistCore
import Synchronization

/// Subjects held in memory: for the simulation, the benchmark and tests that need no billing
/// database. Paying a bill here is what a payment does in the billing store.
public final class InMemorySubjectSource: ReminderSubjectSource {
    private let state: Mutex<(subjects: [ReminderSubject], index: [String: Int])>

    public init(_ subjects: [ReminderSubject] = []) {
        var index: [String: Int] = [:]
        for (offset, subject) in subjects.enumerated() { index[subject.customerID] = offset }
        state = Mutex((subjects, index))
    }

    /// Adds or replaces a subject.
    public func upsert(_ subject: ReminderSubject) {
        state.withLock { state in
            if let offset = state.index[subject.customerID] { state.subjects[offset] = subject } else {
                state.index[subject.customerID] = state.subjects.count
                state.subjects.append(subject)
            }
        }
    }

    /// Marks a bill paid for every subject that holds it; returns the customers concerned.
    @discardableResult
    public func pay(billID: String) -> [String] {
        state.withLock { state in
            var customers: [String] = []
            for offset in state.subjects.indices {
                var subject = state.subjects[offset]
                guard let billIndex = subject.bills.firstIndex(where: { $0.billID == billID }) else { continue }
                let bill = subject.bills[billIndex]
                subject.bills[billIndex] = ReminderBill(billID: bill.billID, accountNumber: bill.accountNumber, district: bill.district, period: bill.period,
                                                        outstanding: Money.zero(bill.outstanding.currency), issuedOn: bill.issuedOn, dueDate: bill.dueDate)
                state.subjects[offset] = subject
                customers.append(subject.customerID)
            }
            return customers
        }
    }

    public func forEachSubject(_ body: (ReminderSubject) throws -> Void) throws {
        let count = state.withLock { $0.subjects.count }
        var offset = 0
        while offset < count {
            let chunk = state.withLock { Array($0.subjects[offset..<min(offset + 4096, $0.subjects.count)]) }
            for subject in chunk { try body(subject) }
            offset += chunk.count
            if chunk.isEmpty { break }
        }
    }

    public func subjects(customerIDs: [String]) throws -> [ReminderSubject] {
        state.withLock { state in customerIDs.compactMap { state.index[$0].map { state.subjects[$0] } } }
    }

    public func customerIDs(linkedToAccount accountNumber: String) throws -> [String] {
        state.withLock { state in state.subjects.filter { $0.bills.contains { $0.accountNumber == accountNumber } }.map(\.customerID) }
    }
}
