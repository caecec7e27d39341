import Billing
import Foundation
import PayAssistCore

/// Where the scheduler reads customers and their bills from. `BillingSubjectSource` reads the
/// billing store; the simulation and the benchmark generate subjects in memory.
public protocol ReminderSubjectSource: Sendable {
    /// Calls `body` with every customer who may be reminded (streamed: a million need not sit in one array).
    func forEachSubject(_ body: (ReminderSubject) throws -> Void) throws
    /// The current state of some customers (unknown ids are left out).
    func subjects(customerIDs: [String]) throws -> [ReminderSubject]
    /// The customers linked to an account (whose reminders a payment on it changes).
    func customerIDs(linkedToAccount accountNumber: String) throws -> [String]
}

/// Subjects from the billing store: every customer with the unpaid and the two latest bills of
/// every account they are linked to (owner or family).
public struct BillingSubjectSource: ReminderSubjectSource {
    public let billing: BillingStore

    public init(billing: BillingStore) { self.billing = billing }

    private func bills(accountNumber: String) throws -> [ReminderBill] {
        let district = try billing.account(number: accountNumber)?.district ?? ""
        var seen = Set<String>()
        var out: [ReminderBill] = []
        for bill in try billing.unpaidBills(accountNumber: accountNumber) + billing.bills(accountNumber: accountNumber, limit: 2) where seen.insert(bill.id).inserted {
            out.append(ReminderBill(bill, district: district))
        }
        return out
    }

    private static func subject(_ customer: Customer, bills: [ReminderBill]) -> ReminderSubject {
        ReminderSubject(customerID: customer.id, name: customer.name, language: customer.language, timeZone: customer.timeZone, tags: customer.tags, bills: bills)
    }

    public func forEachSubject(_ body: (ReminderSubject) throws -> Void) throws {
        var accountsByCustomer: [String: [String]] = [:]
        for link in try billing.allLinks() { accountsByCustomer[link.customerID, default: []].append(link.accountNumber) }
        var billsByAccount: [String: [ReminderBill]] = [:]
        for customer in try billing.allCustomers() {
            var bills: [ReminderBill] = []
            for account in accountsByCustomer[customer.id] ?? [] {
                if billsByAccount[account] == nil { billsByAccount[account] = try self.bills(accountNumber: account) }
                bills += billsByAccount[account] ?? []
            }
            try body(BillingSubjectSource.subject(customer, bills: bills))
        }
    }

    public func subjects(customerIDs: [String]) throws -> [ReminderSubject] {
        try customerIDs.compactMap { id in
            guard let customer = try billing.customer(id: id) else { return nil }
            let bills = try billing.linkedAccounts(customerID: id).flatMap { try self.bills(accountNumber: $0.number) }
            return BillingSubjectSource.subject(customer, bills: bills)
        }
    }

    public func customerIDs(linkedToAccount accountNumber: String) throws -> [String] {
        try billing.linkedCustomers(accountNumber: accountNumber).map(\.id)
    }
}
