import Foundation
import PayAssistCore
@testable import PaymentGateway
import Testing

@Suite struct ExchangeRateTests {
    let table: ExchangeRateTable

    init() throws { table = try ExchangeRateTable.load(from: GatewayTestSupport.fixturesFolder) }

    @Test func fixtureCoversEveryRequiredCurrencyWithAnAsOfDate() {
        for code in ["USD", "EUR", "GBP", "JPY", "KRW", "HKD", "TWD", "SGD", "AUD", "CAD", "RUB", "CHF", "CNY"] {
            #expect(table.supports(Currency(code: code)!), "missing \(code)")
        }
        #expect(table.asOf.count == 10)
    }

    @Test(arguments: [("7.1120", Int64(711_200_000)), ("0.0050870", 508_700), ("1", 100_000_000), ("0.00000001", 1)])
    func ratesParseExactlyIntoScaledIntegers(text: String, scaled: Int64) {
        #expect(ExchangeRate(decimalString: text)?.scaled == scaled)
    }

    @Test(arguments: ["", "0", "1.123456789", "-1", "1e3", "7,11", ".5", "5."])
    func malformedRatesAreRefused(text: String) {
        #expect(ExchangeRate(decimalString: text) == nil)
    }

    @Test(arguments: [(Int64(5), Int64(1), Int64(10), Int64(1)), (4, 1, 10, 0), (15, 1, 10, 2), (25, 1, 10, 3), (1, 1, 3, 0), (2, 1, 3, 1)])
    func roundingIsHalfUp(value: Int64, multiplier: Int64, divisor: Int64, expected: Int64) {
        #expect(Rounding.halfUp(value, times: multiplier, dividedBy: divisor) == expected)
    }

    @Test func cnyToUSDUsesTheInvertedRateRoundedTo8Decimals() {
        // 1 / 7.1120 = 0.140607424...
        let rate = table.rate(from: .cny, to: .usd)!
        #expect(rate.decimalString == "0.14060742")
        // 120.50 CNY * 0.14060742 = 16.94319... -> 16.94 USD
        let converted = ExchangeRateTable.convert(Money(minorUnits: 12_050, currency: .cny), rate: rate, to: .usd)
        #expect(converted == Money(minorUnits: 1_694, currency: .usd))
        // fee 1.5% of 16.94 = 0.2541 -> 0.25
        #expect(table.fee(on: converted, crossBorder: true) == Money(minorUnits: 25, currency: .usd))
    }

    @Test func currenciesWithoutMinorUnitsGetWholeUnits() {
        // 1 / 0.046850 = 21.34471718 JPY per CNY; 120.50 CNY -> 2572.0384... -> 2572 JPY
        let jpy = ExchangeRateTable.convert(Money(minorUnits: 12_050, currency: .cny), rate: table.rate(from: .cny, to: .jpy)!, to: .jpy)
        #expect(jpy == Money(minorUnits: 2_572, currency: .jpy))
        let krw = ExchangeRateTable.convert(Money(minorUnits: 12_050, currency: .cny), rate: table.rate(from: .cny, to: .krw)!, to: .krw)
        #expect(krw.currency.minorDigits == 0)
        #expect(krw.minorUnits == 23_688) // 120.50 * 196.57951641 = 23687.83... -> 23688
    }

    @Test func sameCurrencyHasRateOneAndNoFee() {
        #expect(table.rate(from: .cny, to: .cny) == .one)
        #expect(table.fee(on: Money(minorUnits: 100, currency: .cny), crossBorder: false).minorUnits == 0)
    }
}
