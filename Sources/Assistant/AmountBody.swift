import PayAssistCore

/// JSON shape of an amount: integer minor units, ISO 4217 code and the decimal string.
public struct AmountBody: Sendable, Encodable, Equatable {
    public let amount: Int64
    public let currency: String
    public let value: String

    public init(_ money: Money) {
        amount = money.minorUnits
        currency = money.currency.code
        value = money.decimalString
    }
}
