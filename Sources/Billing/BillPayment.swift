import Foundation
import PayAssistCore

/// Money received for an account (from a gateway payment), applied to its oldest unpaid bills.
public struct BillPayment: Sendable, Codable, Equatable {
    /// Stable id.
    public let id: String
    public let accountNumber: String
    /// Amount received, in CNY minor units.
    public let amount: Money
    /// The gateway payment id; a reference is recorded once, so retries cannot pay twice.
    public let reference: String
    /// Where the payment came from ("voice", "chat", "checkout").
    public let channel: String
    /// The customer who paid, if known (may differ from the holder: families pay for each other).
    public let customerID: String?
    /// When the payment was received.
    public let paidAt: Date

    public init(id: String, accountNumber: String, amount: Money, reference: String, channel: String, customerID: String?, paidAt: Date) {
        self.id = id
        self.accountNumber = accountNumber
        self.amount = amount
        self.reference = reference
        self.channel = channel
        self.customerID = customerID
        self.paidAt = paidAt
    }

    enum CodingKeys: String, CodingKey {
        case id, amount, reference, channel
        case accountNumber = "account_number"
        case customerID = "customer_id"
        case paidAt = "paid_at"
    }
}

/// What changed in the billing data, so schedulers can re-arm.
public enum BillingChange: Sendable, Equatable {
    /// A payment was applied to an account.
    case paymentRecorded(accountNumber: String)
    /// Bills were added or replaced (seeding, a new month).
    case billsChanged
}
