import Foundation
import Billing
import PayAssistCore

/// A customer as the scheduler sees them: who they are, where they live (time zone) and the bills
/// of the accounts they are linked to (their own and their family's).
public struct ReminderSubject: Sendable, Equatable {
    public let customerID: String
    public let name: String
    public let language: Language
    /// IANA time zone; an unknown one falls back to the utility's zone.
    public let timeZone: String
    public let tags: [String]
    /// Unpaid bills, plus recent paid ones (for rules that do not stop when paid).
    public var bills: [ReminderBill]

    public init(customerID: String, name: String, language: Language, timeZone: String, tags: [String], bills: [ReminderBill]) {
        self.customerID = customerID
        self.name = name
        self.language = language
        self.timeZone = timeZone
        self.tags = tags
        self.bills = bills
    }
}

/// One bill a subject may be reminded of.
public struct ReminderBill: Sendable, Equatable {
    public let billID: String
    public let accountNumber: String
    /// District of the account's supply address.
    public let district: String
    /// The billing period ("2026-10").
    public let period: String
    /// What is still owed (zero or less when paid).
    public let outstanding: Money
    /// Issue and due dates (the utility's local dates).
    public let issuedOn: LocalDate
    public let dueDate: LocalDate

    public init(billID: String, accountNumber: String, district: String, period: String, outstanding: Money, issuedOn: LocalDate, dueDate: LocalDate) {
        self.billID = billID
        self.accountNumber = accountNumber
        self.district = district
        self.period = period
        self.outstanding = outstanding
        self.issuedOn = issuedOn
        self.dueDate = dueDate
    }

    /// A bill from the billing store, for an account in `district`.
    public init(_ bill: Bill, district: String) {
        self.init(billID: bill.id, accountNumber: bill.accountNumber, district: district, period: bill.period.description,
                  outstanding: bill.outstanding, issuedOn: bill.issuedOn, dueDate: bill.dueDate)
    }

    public var isPaid: Bool { outstanding.minorUnits <= 0 }
}

/// One reminder the rules call for: a customer, a rule, a bill, a local date and the instant.
public struct ReminderOccurrence: Sendable, Equatable, CustomStringConvertible {
    public let customerID: String
    public let ruleID: String
    public let billID: String
    public let accountNumber: String
    /// The trigger day in the customer's time zone (part of the dedupe key).
    public let localDate: LocalDate
    /// When it fires.
    public let fireAt: Date
    public let channel: ReminderChannel
    public let language: Language

    /// customer|rule|bill|local date: a reminder with the same key is never sent twice.
    public var dedupeKey: String { "\(customerID)|\(ruleID)|\(billID)|\(localDate)" }

    public var description: String { "\(dedupeKey) at \(fireAt)" }
}
