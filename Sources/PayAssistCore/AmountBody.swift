/// JSON shape of an amount where people read it: integer minor units, the ISO 4217 code and the
/// decimal string (`{"amount": 12050, "currency": "CNY", "value": "120.50"}`).
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
