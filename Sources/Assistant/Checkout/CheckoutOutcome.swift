import Billing
import PaymentGateway
import PayAssistCore

/// What a checkout link shows: the account, the prefilled amount and what the customer owes now.
public struct CheckoutView: Sendable {
    public var record: CheckoutRecord
    public let account: ElectricityAccount
    /// What the account owes now (CNY).
    public let amountDue: Money
    /// The currency the payer's card is probably in (profile), CNY when unknown.
    public let suggestedCurrency: Currency
    /// The language of the pages.
    public let language: Language
}

/// How a checkout payment attempt ended.
public enum CheckoutOutcome: Sendable {
    /// Paid; the link is now used up.
    case paid(Payment, CheckoutView)
    /// Paid before (a double tap or a reload): nothing was charged again.
    case alreadyPaid(CheckoutView)
    /// The bank asks for 3-D Secure.
    case needsThreeDSecure(Payment, CheckoutView)
    /// Still processing at the gateway.
    case processing(Payment, CheckoutView)
    /// Declined; the customer may try another card on the same link.
    case declined(Payment, CheckoutView)
}
