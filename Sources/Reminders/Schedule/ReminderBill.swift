import Billing
import PayAssistCore

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
