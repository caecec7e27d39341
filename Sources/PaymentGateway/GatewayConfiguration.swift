import Foundation
import PayAssistCore

/// The mock gateway's knobs: limits, delays and data tables. Durations are in seconds.
public struct GatewayConfiguration: Sendable {
    /// FX reference rates and the conversion fee.
    public var rates: ExchangeRateTable
    /// Test card numbers and their outcomes.
    public var testCards: TestCardBook
    /// The largest payment accepted, in CNY minor units (the bill amount's CNY equivalent). Default 50,000.00 CNY.
    public var maximumAmountCNYMinorUnits: Int64 = 5_000_000
    /// How long a quote stays locked, seconds. Default 10 minutes.
    public var quoteLifetime: Int64 = 600
    /// How long idempotency keys and their answers are kept, seconds. Default 24 hours.
    public var idempotencyRetention: Int64 = 86_400
    /// How long the "slow" test card takes to answer, seconds.
    public var slowCardDelay: Double = 3
    /// How long a "processing" test card payment stays processing, seconds.
    public var settlementDelay: Int64 = 5

    public init(rates: ExchangeRateTable, testCards: TestCardBook) {
        self.rates = rates
        self.testCards = testCards
    }

    /// Loads the rate table and test cards from Fixtures/gateway (found with `ProjectLayout`).
    ///
    /// - Parameter folder: the Fixtures/gateway folder; nil looks for it near the working directory.
    public static func fromFixtures(folder: URL? = nil, near start: String? = nil) throws -> GatewayConfiguration {
        guard let gatewayFolder = folder ?? ProjectLayout.folder("Fixtures", near: start)?.appendingPathComponent("gateway") else {
            throw GatewayFixtureError(file: "Fixtures/gateway", detail: "folder not found")
        }
        return GatewayConfiguration(rates: try ExchangeRateTable.load(from: gatewayFolder),
                                    testCards: try TestCardBook.load(from: gatewayFolder))
    }
}
