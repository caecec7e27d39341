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
