/// The intents the assistant acts on; raw values are the exact names front ends and reports use.
///
/// Mirrors the intent engine's names so that the dialogue does not depend on the engine's types:
/// any recognizer (the engine, a fake in tests) maps its answer to these.
public enum AssistantIntent: String, CaseIterable, Sendable, Codable, Hashable {
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

    /// True for the intents that answer a question the assistant asked (yes, no, stop).
    public var isDialogueControl: Bool { self == .confirm || self == .deny || self == .cancel }
}
