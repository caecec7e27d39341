/// The state of a customer's account a rule can target, judged per bill on the reminder's day.
public enum AccountState: String, Sendable, Codable, CaseIterable, Hashable {
    /// The bill is not fully paid.
    case unpaid
    /// The bill is unpaid and its due date has passed.
    case overdue
}
