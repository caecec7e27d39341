import Foundation
import PayAssistCore
@testable import PaymentGateway
import Storage
import Testing

@Suite struct PersistenceTests {
    @Test func answersAndStatesSurviveARestart() async throws {
        let path = GatewayTestSupport.temporaryDatabasePath()
        defer { GatewayTestSupport.removeTemporary(path) }
        let clock = ManualClock(GatewayTestSupport.start)
        var engine: GatewayEngine? = try GatewayTestSupport.engine(database: Database(path: path), clock: clock)
        let paid = try await engine!.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        let pending = try await engine!.createPayment(GatewayTestSupport.payment("4000000000003220", reference: "b2"), idempotencyKey: "k2", language: .en)
        _ = try await engine!.refund(paymentID: paid.id, amount: 50, idempotencyKey: "r", language: .en)
        engine = nil

        let reopened = try GatewayTestSupport.engine(database: Database(path: path), clock: clock)
        let replay = try await reopened.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        #expect(replay == paid)
        await #expect(throws: GatewayError.idempotencyKeyReused) {
            try await reopened.createPayment(GatewayTestSupport.payment(amount: 1), idempotencyKey: "k", language: .en)
        }
        #expect(try await reopened.payment(id: paid.id, language: .en).status == .partiallyRefunded)
        #expect(try await reopened.submitThreeDSecure(paymentID: pending.id, result: .pass, language: .en).status == .succeeded)
        #expect(try await reopened.events(after: nil, limit: 10).events.count == 4)
    }

    @Test func fullCardNumberIsNeverAtRestOrInTheLogs() async throws {
        let path = GatewayTestSupport.temporaryDatabasePath()
        defer { GatewayTestSupport.removeTemporary(path) }
        let sink = MemoryLogSink()
        let logger = Logger(label: "gateway", sink: sink, minimumLevel: .debug)
        let engine = try GatewayTestSupport.engine(database: Database(path: path), logger: logger)
        let numbers = ["4242424242424242", "4000000000009995", "378282246310005", "4000000000003220"]
        for (index, number) in numbers.enumerated() {
            _ = try await engine.createPayment(GatewayTestSupport.payment(number, reference: "r\(index)"), idempotencyKey: "k\(index)", language: .en)
            _ = try await engine.saveCard(GatewayTestSupport.card(number), idempotencyKey: "s\(index)", language: .en)
        }
        _ = try? await engine.createPayment(GatewayTestSupport.payment("4242424242424241"), idempotencyKey: "bad", language: .en)
        let bytes = GatewayTestSupport.bytesAtRest(path)
        #expect(bytes.count > 0)
        #expect(!sink.lines.isEmpty)
        for number in numbers + ["4242424242424241"] {
            #expect(!GatewayTestSupport.contains(bytes, number), "card number found in the database files")
            #expect(!sink.lines.contains { $0.contains(number) }, "card number found in the logs")
        }
        #expect(GatewayTestSupport.contains(bytes, "9995"))
    }
}
