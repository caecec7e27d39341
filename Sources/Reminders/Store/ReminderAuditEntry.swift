import Foundation

/// A change to a rule or a preference: who, when, and the JSON before and after.
public struct ReminderAuditEntry: Sendable, Equatable, Codable {
    public let id: Int64
    /// The rule id, or "preference:<customer id>".
    public let subject: String
    /// create, update, delete, pause, resume, opt_in, opt_out.
    public let action: String
    /// The API key label of the operator, or "customer:<id>" for a customer's own choice.
    public let actor: String
    public let at: Date
    public let before: String?
    public let after: String?
}
