import PayAssistCore

/// An intent's name: the exact snake_case name front ends and reports use ("pay_bill").
///
/// The set is open: the engine learns every intent that Intents/phrases has a file for, so adding
/// one is a data change. The sixteen standard intents, which the assistant acts on, are constants.
public struct IntentName: RawRepresentable, Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The snake_case name.
    public let rawValue: String

    public static let payBill = IntentName(known: "pay_bill")
    public static let queryBill = IntentName(known: "query_bill")
    public static let queryUsage = IntentName(known: "query_usage")
    public static let queryDueDate = IntentName(known: "query_due_date")
    public static let queryPaymentHistory = IntentName(known: "query_payment_history")
    public static let setReminder = IntentName(known: "set_reminder")
    public static let cancelReminder = IntentName(known: "cancel_reminder")
    public static let reportOutage = IntentName(known: "report_outage")
    public static let tariffPolicy = IntentName(known: "tariff_policy")
    public static let transferToAgent = IntentName(known: "transfer_to_agent")
    public static let changeLanguage = IntentName(known: "change_language")
    public static let confirm = IntentName(known: "confirm")
    public static let deny = IntentName(known: "deny")
    public static let cancel = IntentName(known: "cancel")
    public static let help = IntentName(known: "help")
    public static let outOfScope = IntentName(known: "out_of_scope")

    /// The sixteen intents of the product, in the order reports list them.
    public static let standard: [IntentName] = [
        .payBill, .queryBill, .queryUsage, .queryDueDate, .queryPaymentHistory, .setReminder, .cancelReminder,
        .reportOutage, .tariffPolicy, .transferToAgent, .changeLanguage, .confirm, .deny, .cancel, .help, .outOfScope,
    ]

    /// Longest accepted name, in characters.
    public static let maxLength = 64

    private init(known: String) { rawValue = known }

    /// Accepts a snake_case name (a lower-case ASCII letter, then letters, digits and underscores,
    /// at most `maxLength`); nil for anything else.
    public init?(rawValue: String) {
        guard let first = rawValue.unicodeScalars.first, rawValue.unicodeScalars.count <= IntentName.maxLength,
              ("a"..."z").contains(first),
              rawValue.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else { return nil }
        self.rawValue = rawValue
    }

    /// True for every intent the assistant acts on (all but `out_of_scope`).
    public var isInScope: Bool { self != .outOfScope }

    /// Standard intents in their order first, then added ones alphabetically.
    public static func < (lhs: IntentName, rhs: IntentName) -> Bool {
        CatalogOrder.isBefore(lhs, rhs, known: standard, name: \.rawValue)
    }

    public var description: String { rawValue }
}
