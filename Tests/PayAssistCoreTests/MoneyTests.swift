import PayAssistCore
import Testing

@Suite("Money and currencies")
struct MoneyTests {
    @Test("decimal strings parse into minor units of the currency", arguments: [
        ("120.5", "CNY", Int64(12050)), ("120.50", "CNY", 12050), ("0.01", "USD", 1), ("5000", "JPY", 5000),
        ("5000.00", "JPY", 5000), ("30000", "KRW", 30000), ("7", "EUR", 700),
    ])
    func parsesDecimalStrings(text: String, code: String, minorUnits: Int64) throws {
        let currency = try #require(Currency(code: code))
        #expect(Money(decimalString: text, currency: currency)?.minorUnits == minorUnits)
    }

    @Test("too many decimals, signs, spaces and junk are rejected", arguments: [
        ("1.234", "CNY"), ("5000.5", "JPY"), ("-5", "CNY"), ("1,000", "USD"), (" 5", "USD"), ("", "USD"), ("1.", "USD"), (".5", "USD"), ("99999999999999999999", "USD"),
    ])
    func rejectsMalformedAmounts(text: String, code: String) throws {
        let currency = try #require(Currency(code: code))
        #expect(Money(decimalString: text, currency: currency) == nil)
    }

    @Test("decimal strings always carry the currency's minor digits")
    func formatsWithMinorDigits() {
        #expect(Money(minorUnits: 12050, currency: .cny).decimalString == "120.50")
        #expect(Money(minorUnits: 5, currency: .usd).decimalString == "0.05")
        #expect(Money(minorUnits: 5000, currency: .jpy).decimalString == "5000")
        #expect(Money(minorUnits: -105, currency: .eur).decimalString == "-1.05")
    }

    @Test("unknown currency codes are not currencies")
    func unknownCurrency() {
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "usd") == .usd)
    }
}
