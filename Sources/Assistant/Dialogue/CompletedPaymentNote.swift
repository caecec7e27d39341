import Foundation
import PayAssistCore

/// A payment finished in this session, so a repeated "yes" or "pay" is recognized as a repeat.
public struct CompletedPaymentNote: Sendable, Codable, Equatable {
    public let account: String
    public let amount: Money
    /// The gateway payment id.
    public let reference: String
    public let paidAt: Date
}
