import Foundation
import PayAssistCore

/// The utility's published prices: tiered monthly prices, peak/valley prices and policy texts,
/// loaded from Fixtures/demo/tariffs.json. Bills are computed from it so amounts and the
/// assistant's tariff answers always agree.
public struct TariffTable: Sendable, Codable, Equatable {
    /// One tier of the monthly tiered tariff.
    public struct Tier: Sendable, Codable, Equatable {
        public let tier: Int
        /// Lower bound, exclusive (kWh a month).
        public let fromKWh: Int
        /// Upper bound, inclusive; nil for the top tier.
        public let toKWh: Int?
        /// Price per kWh as a decimal string in yuan ("0.4883").
        public let pricePerKWh: String
        /// What the tier is, per BCP-47 language tag.
        public let description: [String: String]

        enum CodingKeys: String, CodingKey {
            case tier, description
            case fromKWh = "from_kwh"
            case toKWh = "to_kwh"
            case pricePerKWh = "price_per_kwh"
        }
    }

    /// A time-of-use price (peak or valley hours).
    public struct TimeOfUse: Sendable, Codable, Equatable {
        public let name: String
        /// Local hours it applies, "08:00-22:00".
        public let hours: String
        public let pricePerKWh: String
        public let description: [String: String]

        enum CodingKeys: String, CodingKey {
            case name, hours, description
            case pricePerKWh = "price_per_kwh"
        }
    }

    /// A policy answer (disconnection, late fees, billing cycle) per language tag.
    public struct Policy: Sendable, Codable, Equatable {
        public let topic: String
        public let text: [String: String]
    }

    public let name: String
    public let currency: Currency
    /// The date the prices took effect.
    public let asOf: LocalDate
    /// The rounding rule, in words.
    public let rounding: String
    public let tiers: [Tier]
    public let timeOfUse: [TimeOfUse]
    public let policies: [Policy]

    enum CodingKeys: String, CodingKey {
        case name, currency, rounding, tiers, policies
        case asOf = "as_of"
        case timeOfUse = "time_of_use"
    }

    /// Loads the table from a JSON file.
    public static func load(from file: URL) throws -> TariffTable {
        let data = try Data(contentsOf: file)
        let table = try JSONDecoder().decode(TariffTable.self, from: data)
        for tier in table.tiers where priceInTenThousandths(tier.pricePerKWh) == nil {
            throw BillingError.invalidFixture("tier \(tier.tier) price \(tier.pricePerKWh) is not a decimal with at most 4 places")
        }
        return table
    }

    /// A price "0.4883" in 1/10000 yuan (4883); nil when malformed or more than 4 decimals.
    static func priceInTenThousandths(_ text: String) -> Int64? {
        guard let money = Money(decimalString: text, currency: Currency(code: "CNY")!) else {
            // Money allows only 2 decimals for CNY; prices have 4, so parse them by hand.
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let whole = Int64(parts[0]), parts[1].count <= 4, let fraction = Int64(parts[1].padding(toLength: 4, withPad: "0", startingAt: 0)) else { return nil }
            return whole * 10_000 + fraction
        }
        return money.minorUnits * 100
    }

    /// The charge for a month's usage: the total and its split over tiers.
    ///
    /// Each tier's kWh × price is exact in 1/10000 yuan; the total is rounded once, half up, to
    /// the fen (each tier line is rounded the same way for display).
    public func charge(forKWh kWh: Int) -> (total: Money, tiers: [TierCharge]) {
        var remaining = max(0, kWh)
        var exactTotal: Int64 = 0
        var lines: [TierCharge] = []
        for tier in tiers.sorted(by: { $0.fromKWh < $1.fromKWh }) where remaining > 0 {
            let width = tier.toKWh.map { $0 - tier.fromKWh } ?? Int.max
            let used = min(remaining, width)
            remaining -= used
            let exact = Int64(used) * (TariffTable.priceInTenThousandths(tier.pricePerKWh) ?? 0)
            exactTotal += exact
            lines.append(TierCharge(tier: tier.tier, kWh: used, pricePerKWh: tier.pricePerKWh, amount: Money(minorUnits: TariffTable.roundHalfUpToFen(exact), currency: currency)))
        }
        return (Money(minorUnits: TariffTable.roundHalfUpToFen(exactTotal), currency: currency), lines)
    }

    /// Rounds an amount in 1/10000 yuan to fen, half up.
    static func roundHalfUpToFen(_ tenThousandths: Int64) -> Int64 { (tenThousandths + 50) / 100 }

    /// The tier a month's usage ends in.
    public func tier(forKWh kWh: Int) -> Tier? {
        tiers.sorted(by: { $0.fromKWh < $1.fromKWh }).last { kWh > $0.fromKWh } ?? tiers.first
    }
}
