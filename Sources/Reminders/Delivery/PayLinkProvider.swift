import PayAssistCore

/// Makes the pay link a reminder carries (`{pay_link}`). The assistant provides a signed checkout
/// link; without one, `DeepLinkPayLinkProvider` makes an app deep link.
public protocol PayLinkProvider: Sendable {
    /// A link that lets `customerID` pay `amount` on `accountNumber`, or nil when none can be made.
    func payLink(accountNumber: String, amount: Money, customerID: String, language: Language) -> String?
}

/// The default: `payassist://pay?account=...&amount=...&currency=...&lang=...` (carries no secret).
public struct DeepLinkPayLinkProvider: PayLinkProvider {
    public init() {}

    public func payLink(accountNumber: String, amount: Money, customerID: String, language: Language) -> String? {
        "payassist://pay?account=\(accountNumber)&amount=\(amount.minorUnits)&currency=\(amount.currency.code)&lang=\(language.rawValue)"
    }
}

/// Adapts a closure (for example the assistant's checkout signer) to `PayLinkProvider`.
public struct ClosurePayLinkProvider: PayLinkProvider {
    private let make: @Sendable (String, Money, String, Language) -> String?

    public init(_ make: @escaping @Sendable (_ accountNumber: String, _ amount: Money, _ customerID: String, _ language: Language) -> String?) {
        self.make = make
    }

    public func payLink(accountNumber: String, amount: Money, customerID: String, language: Language) -> String? {
        make(accountNumber, amount, customerID, language)
    }
}
