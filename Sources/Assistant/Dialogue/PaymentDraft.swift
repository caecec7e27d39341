import PayAssistCore

/// A payment being put together over several turns. It is charged only after enough explicit
/// confirmation turns for exactly these values.
public struct PaymentDraft: Sendable, Codable, Equatable {
    /// Random id of this flow: the basis of the gateway idempotency key, so retries charge once.
    public var id: String
    /// The 10-digit account to pay.
    public var account: String?
    /// The amount to pay, CNY.
    public var amount: Money?
    /// What the assistant asked for last.
    public var awaiting: AwaitedSlot
    /// Accounts offered as choices (linked accounts).
    public var offeredAccounts: [String]
    /// The amount offered (the amount due), taken when the customer just says yes.
    public var offeredAmount: Money?
    /// Confirmation turns received for the current account and amount.
    public var confirmations: Int
    /// Confirmation turns needed: 2 when the amount is far above the account's usual bills.
    public var confirmationsRequired: Int
    /// The card-currency quote read back for a foreign card, if any.
    public var quote: QuoteNote?
    /// True once the current account and amount were read back to the customer; a confirmation
    /// counts only then (a failed quote leaves it false, so "yes" reads back again instead of paying).
    public var readBackGiven: Bool

    public init(id: String) {
        self.id = id
        awaiting = .account
        offeredAccounts = []
        confirmations = 0
        confirmationsRequired = 1
        readBackGiven = false
    }
}
