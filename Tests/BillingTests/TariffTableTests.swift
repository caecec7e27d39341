import Billing
import Foundation
import PayAssistCore
import Testing

struct TariffCase: Decodable, Sendable, CustomTestStringConvertible {
    let kwh: Int
    let amount: String
    let tiers: [[Int]]
    var testDescription: String { "\(kwh) kWh" }

    static func load() throws -> [TariffCase] {
        try JSONDecoder().decode([TariffCase].self, from: Data(contentsOf: fixtures.appendingPathComponent("billing/tariff_cases.json")))
    }
}

@Suite("Tiered tariff")
struct TariffTableTests {
    @Test("monthly charges follow the tiers, rounded once half up to the fen", arguments: try TariffCase.load())
    func charges(testCase: TariffCase) throws {
        let table = try DemoFixtures.tariffs(in: fixtures)
        let charge = table.charge(forKWh: testCase.kwh)
        #expect(charge.total == Money(decimalString: testCase.amount, currency: .cny))
        #expect(charge.tiers.map { [$0.tier, $0.kWh] } == testCase.tiers)
    }

    @Test("the tier a month ends in is reported for tariff answers")
    func tierForUsage() throws {
        let table = try DemoFixtures.tariffs(in: fixtures)
        #expect(table.tier(forKWh: 100)?.tier == 1)
        #expect(table.tier(forKWh: 300)?.tier == 2)
        #expect(table.tier(forKWh: 900)?.tier == 3)
    }
}
