/// The intents PayAssist recognizes; raw values are the exact names front ends and reports use.
public enum IntentName: String, CaseIterable, Sendable, Codable, Hashable {
    case payBill = "pay_bill"
    case queryBill = "query_bill"
    case queryUsage = "query_usage"
    case queryDueDate = "query_due_date"
    case queryPaymentHistory = "query_payment_history"
    case setReminder = "set_reminder"
    case cancelReminder = "cancel_reminder"
    case reportOutage = "report_outage"
    case tariffPolicy = "tariff_policy"
    case transferToAgent = "transfer_to_agent"
    case changeLanguage = "change_language"
    case confirm
    case deny
    case cancel
    case help
    case outOfScope = "out_of_scope"

    /// The class index used by the classifier (position in `allCases`).
    var index: Int { IntentName.allCases.firstIndex(of: self)! }

    /// True for every intent the assistant acts on (all but `out_of_scope`).
    public var isInScope: Bool { self != .outOfScope }
}
