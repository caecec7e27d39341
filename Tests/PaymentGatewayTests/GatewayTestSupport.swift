import Foundation
import PayAssistCore
@testable import PaymentGateway
import Storage

/// Shared fixtures for the gateway tests: the real Fixtures/gateway tables, a manual clock, fresh databases.
enum GatewayTestSupport {
    /// 2026-11-27T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_737_600)

    static var fixturesFolder: URL {
        ProjectLayout.folder("Fixtures", near: #filePath)!.appendingPathComponent("gateway")
    }

    static func configuration() throws -> GatewayConfiguration {
        var configuration = try GatewayConfiguration.fromFixtures(folder: fixturesFolder)
        configuration.slowCardDelay = 0.05
        return configuration
    }

    static func engine(database: Database? = nil, clock: ManualClock = ManualClock(start), logger: Logger = .disabled) throws -> GatewayEngine {
        let store = try GatewayStore(database: database ?? Database.inMemory())
        return try GatewayEngine(store: store, configuration: try configuration(), clock: clock, logger: logger)
    }

    /// A fresh temporary database file path (its folder is removed by `removeTemporary`).
    static func temporaryDatabasePath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("gateway.sqlite").path
    }

    static func removeTemporary(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    static func card(_ number: String, cvc: String? = nil, expMonth: Int = 12, expYear: Int = 2030) -> CardDetails {
        let network = CardNetwork.detect(digits: number)
        return CardDetails(number: number, expMonth: expMonth, expYear: expYear, cvc: cvc ?? (network == .amex ? "1234" : "123"), holder: "Li Wei")
    }

    static func payment(_ number: String = "4242424242424242", amount: Int64 = 12_050, payer: String? = "USD", reference: String = "bill-1") -> CreatePaymentRequest {
        CreatePaymentRequest(amount: amount, currency: "CNY", reference: reference, method: .card(card(number)), payerCurrency: payer)
    }

    /// Every file (database, WAL, shared memory) next to a database path, concatenated.
    static func bytesAtRest(_ path: String) -> [UInt8] {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.flatMap { name in (try? Array(Data(contentsOf: folder.appendingPathComponent(name)))) ?? [] }
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return false }
        for index in 0...(haystack.count - pattern.count) where haystack[index] == pattern[0] {
            if Array(haystack[index..<index + pattern.count]) == pattern { return true }
        }
        return false
    }
}
