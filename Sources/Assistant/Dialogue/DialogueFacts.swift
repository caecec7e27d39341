import Billing
import Foundation
import PayAssistCore

/// A payment the customer made recently for an account (for repeat detection).
public struct RecentPayment: Sendable, Equatable {
    public let amount: Money
    public let reference: String
    public let paidAt: Date
}

/// The data the dialogue policy consults: accounts, amounts due, usual bills, recent payments.
/// Synchronous so the policy stays a plain function; `BillingDialogueFacts` reads BillingStore.
public protocol DialogueFacts {
    /// The customer's linked accounts, owner links first.
    func linkedAccounts(customerID: String) throws -> [ElectricityAccount]
    /// An account by number, nil when unknown.
    func account(number: String) throws -> ElectricityAccount?
    /// What the account owes now (CNY).
    func amountDue(accountNumber: String) throws -> Money
    /// The account's usual monthly bill (average of its recent bills), nil without history.
    func usualBill(accountNumber: String) throws -> Money?
    /// A payment this customer made for the account within the repeat window, if any.
    func recentPayment(customerID: String, accountNumber: String) throws -> RecentPayment?
}

/// Dialogue facts from the billing store.
public struct BillingDialogueFacts: DialogueFacts, Sendable {
    public let billing: BillingStore
    public let clock: any WallClock
    /// How long after a payment the same request counts as a repeat, in seconds.
    public let repeatWindow: TimeInterval

    /// Facts from `billing`; `repeatWindow` in seconds.
    public init(billing: BillingStore, clock: any WallClock, repeatWindow: TimeInterval = 10 * 60) {
        self.billing = billing
        self.clock = clock
        self.repeatWindow = repeatWindow
    }

    public func linkedAccounts(customerID: String) throws -> [ElectricityAccount] { try billing.linkedAccounts(customerID: customerID) }
    public func account(number: String) throws -> ElectricityAccount? { try billing.account(number: number) }
    public func amountDue(accountNumber: String) throws -> Money { try billing.amountDue(accountNumber: accountNumber) }

    public func usualBill(accountNumber: String) throws -> Money? {
        let bills = try billing.bills(accountNumber: accountNumber, limit: 12)
        guard !bills.isEmpty else { return nil }
        let total = bills.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        return Money(minorUnits: total / Int64(bills.count), currency: bills[0].amount.currency)
    }

    public func recentPayment(customerID: String, accountNumber: String) throws -> RecentPayment? {
        let now = clock.now()
        return try billing.payments(accountNumber: accountNumber, limit: 10).first { payment in
            payment.customerID == customerID && now.timeIntervalSince(payment.paidAt) < repeatWindow && payment.paidAt <= now.addingTimeInterval(60)
        }.map { RecentPayment(amount: $0.amount, reference: $0.reference, paidAt: $0.paidAt) }
    }
}
