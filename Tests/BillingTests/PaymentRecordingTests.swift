import Billing
import Foundation
import PayAssistCore
import Testing

@Suite("Recording payments against bills")
struct PaymentRecordingTests {
    func accountWithUnpaidBills(_ store: BillingStore) throws -> String {
        for customer in try store.allCustomers() {
            for account in try store.linkedAccounts(customerID: customer.id) where try store.unpaidBills(accountNumber: account.number).count >= 2 {
                return account.number
            }
        }
        Issue.record("the fixtures have no account with two unpaid bills")
        return ""
    }

    @Test("a payment settles the oldest unpaid bill first")
    func oldestFirst() throws {
        let store = try seededStore()
        let number = try accountWithUnpaidBills(store)
        let unpaid = try store.unpaidBills(accountNumber: number)
        try store.recordPayment(accountNumber: number, amount: unpaid[0].outstanding, reference: "pay_1", channel: "voice", customerID: nil, paidAt: Date())
        let after = try store.unpaidBills(accountNumber: number)
        #expect(after.count == unpaid.count - 1)
        #expect(after.first?.id == unpaid[1].id)
    }

    @Test("recording the same gateway reference twice charges the account once")
    func sameReferenceOnce() throws {
        let store = try seededStore()
        let number = try accountWithUnpaidBills(store)
        let due = try store.amountDue(accountNumber: number)
        let part = Money(minorUnits: 100, currency: .cny)
        let first = try store.recordPayment(accountNumber: number, amount: part, reference: "pay_same", channel: "chat", customerID: "c001", paidAt: Date())
        let second = try store.recordPayment(accountNumber: number, amount: part, reference: "pay_same", channel: "chat", customerID: "c001", paidAt: Date())
        #expect(first.id == second.id)
        #expect(first.amount == second.amount)
        #expect(try store.amountDue(accountNumber: number) == due - part)
        #expect(try store.payments(accountNumber: number).count == 1)
    }

    @Test("non-positive, foreign-currency and unknown-account payments are refused without a trace", arguments: [
        (Int64(0), "CNY", "good"), (-5, "CNY", "good"), (100, "USD", "good"), (100, "CNY", "9999999999"),
    ])
    func refusesBadPayments(minorUnits: Int64, code: String, account: String) throws {
        let store = try seededStore()
        let number = account == "good" ? try accountWithUnpaidBills(store) : account
        #expect(throws: BillingError.self) {
            try store.recordPayment(accountNumber: number, amount: Money(minorUnits: minorUnits, currency: Currency(code: code)!), reference: "bad", channel: "voice", customerID: nil, paidAt: Date())
        }
        #expect(try store.payment(reference: "bad") == nil)
    }

    @Test("observers hear about recorded payments")
    func notifiesObservers() throws {
        let store = try seededStore()
        let number = try accountWithUnpaidBills(store)
        let heard = LockedBox<[BillingChange]>([])
        store.onChange { change in heard.mutate { $0.append(change) } }
        try store.recordPayment(accountNumber: number, amount: Money(minorUnits: 100, currency: .cny), reference: "pay_obs", channel: "voice", customerID: nil, paidAt: Date())
        #expect(heard.value == [.paymentRecorded(accountNumber: number)])
    }
}

import Synchronization

/// A value behind a lock, for collecting callbacks in tests.
final class LockedBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func mutate(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }
}
