import Billing
import Foundation
import PayAssistCore

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
