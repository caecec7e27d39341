import Foundation
import PayAssistCore

/// Reference rates from Fixtures/gateway/fx_rates.json: how many CNY one unit of each currency buys,
/// as of one date, plus the disclosed conversion fee.
public struct ExchangeRateTable: Sendable {
    /// The day the rates are from ("2026-11-26").
    public let asOf: String
    /// CNY per one major unit of each currency; CNY itself is 1.
    public let cnyPerUnit: [String: ExchangeRate]
    /// The cross-border conversion fee, in basis points of the converted amount (150 = 1.5%).
    public let feeBasisPoints: Int64

    public init(asOf: String, cnyPerUnit: [String: ExchangeRate], feeBasisPoints: Int64) {
        self.asOf = asOf
        var rates = cnyPerUnit
        rates["CNY"] = .one
        self.cnyPerUnit = rates
        self.feeBasisPoints = feeBasisPoints
    }

    private struct File: Decodable {
        let as_of: String
        let conversion_fee_basis_points: Int64
        let rates: [String: String]
    }

    /// Loads `fx_rates.json` from a fixtures folder (Fixtures/gateway); every code must be an ISO 4217 code PayAssist knows.
    public static func load(from folder: URL) throws -> ExchangeRateTable {
        let url = folder.appendingPathComponent("fx_rates.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw GatewayFixtureError(file: url.path, detail: "cannot read or malformed JSON")
        }
        var rates: [String: ExchangeRate] = [:]
        for (code, text) in file.rates {
            guard Currency(code: code) != nil, let rate = ExchangeRate(decimalString: text) else {
                throw GatewayFixtureError(file: url.path, detail: "bad rate for \(code)")
            }
            rates[code] = rate
        }
        guard (0...10_000).contains(file.conversion_fee_basis_points) else {
            throw GatewayFixtureError(file: url.path, detail: "fee out of range")
        }
        return ExchangeRateTable(asOf: file.as_of, cnyPerUnit: rates, feeBasisPoints: file.conversion_fee_basis_points)
    }

    /// True when the table can convert to and from `currency`.
    public func supports(_ currency: Currency) -> Bool { cnyPerUnit[currency.code] != nil }

    /// Units of `payer` currency per one unit of `bill` currency, rounded half up to 8 decimals.
    public func rate(from bill: Currency, to payer: Currency) -> ExchangeRate? {
        if bill == payer { return .one }
        guard let billRate = cnyPerUnit[bill.code], let payerRate = cnyPerUnit[payer.code] else { return nil }
        return .ratio(billRate, over: payerRate)
    }

    /// Converts `amount` with `rate` (payer units per bill unit) into `payer`'s minor units, rounded half up.
    public static func convert(_ amount: Money, rate: ExchangeRate, to payer: Currency) -> Money {
        // payer_minor = amount_minor * rate * 10^payer_digits / (10^8 * 10^bill_digits)
        let scaledAmount = amount.minorUnits * Rounding.powerOfTen(payer.minorDigits)
        let divisor = ExchangeRate.scale * Rounding.powerOfTen(amount.currency.minorDigits)
        return Money(minorUnits: Rounding.halfUp(scaledAmount, times: rate.scaled, dividedBy: divisor), currency: payer)
    }

    /// The conversion fee on a converted amount, rounded half up; zero when no conversion happens.
    public func fee(on converted: Money, crossBorder: Bool) -> Money {
        guard crossBorder else { return .zero(converted.currency) }
        return Money(minorUnits: Rounding.halfUp(converted.minorUnits, times: feeBasisPoints, dividedBy: 10_000), currency: converted.currency)
    }

    /// `amount` expressed in CNY minor units (for the per-payment limit); nil for an unsupported currency.
    public func cnyEquivalent(of amount: Money) -> Money? {
        guard let rate = rate(from: amount.currency, to: .cny) else { return nil }
        return ExchangeRateTable.convert(amount, rate: rate, to: .cny)
    }
}
