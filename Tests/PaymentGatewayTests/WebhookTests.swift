import Foundation
import GatewayService
import HTTPServer
import PayAssistCore
@testable import PaymentGateway
import Synchronization
import Testing

/// A subscriber that records what it receives and refuses the first `failFirst` deliveries.
final class WebhookReceiver: Sendable {
    let received = Mutex<[(body: [UInt8], signature: String)]>([])
    let refusalsLeft: Mutex<Int>
    let router = Router()

    init(failFirst: Int) {
        refusalsLeft = Mutex(failFirst)
        router.post("/") { [self] request in
            let refuse = refusalsLeft.withLock { left -> Bool in
                guard left > 0 else { return false }
                left -= 1
                return true
            }
            if refuse { return .text("busy", status: 503) }
            received.withLock { $0.append((request.body, request.headers[WebhookSignature.header] ?? "")) }
            return .text("ok")
        }
    }
}

@Suite struct WebhookTests {
    @Test func eventsAreDeliveredInOrderSignedAndRetried() async throws {
        let clock = ManualClock(GatewayTestSupport.start)
        let engine = try GatewayTestSupport.engine(clock: clock)
        let payment = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        _ = try await engine.refund(paymentID: payment.id, amount: nil, idempotencyKey: "r", language: .en)
        let receiver = WebhookReceiver(failFirst: 2)
        let dispatcher = WebhookDispatcher(engine: engine, transport: InProcessGatewayTransport(responder: receiver.router),
                                           secret: "whsec_test", clock: clock, maxAttempts: 3, initialDelay: 0.001)
        #expect(try await dispatcher.deliverPending() == 2)
        #expect(try await dispatcher.deliverPending() == 0)
        let deliveries = receiver.received.withLock { $0 }
        #expect(deliveries.count == 2)
        let now = Int64(GatewayTestSupport.start.timeIntervalSince1970)
        for delivery in deliveries {
            #expect(WebhookSignature.verify(headerValue: delivery.signature, body: delivery.body, secret: "whsec_test", now: now))
            #expect(!WebhookSignature.verify(headerValue: delivery.signature, body: delivery.body, secret: "other", now: now))
            #expect(!WebhookSignature.verify(headerValue: delivery.signature, body: delivery.body + [32], secret: "whsec_test", now: now))
            #expect(!WebhookSignature.verify(headerValue: delivery.signature, body: delivery.body, secret: "whsec_test", now: now + 3600))
        }
        let types = try deliveries.map { try JSONDecoder().decode(GatewayEvent.self, from: Data($0.body)).type }
        #expect(types == ["payment.succeeded", "payment.refunded"])
    }

    @Test func aSubscriberThatKeepsFailingHoldsTheCursorForTheNextPass() async throws {
        let engine = try GatewayTestSupport.engine()
        _ = try await engine.createPayment(GatewayTestSupport.payment(), idempotencyKey: "k", language: .en)
        let receiver = WebhookReceiver(failFirst: 3)
        let dispatcher = WebhookDispatcher(engine: engine, transport: InProcessGatewayTransport(responder: receiver.router),
                                           secret: "s", maxAttempts: 2, initialDelay: 0.001)
        #expect(try await dispatcher.deliverPending() == 0)
        #expect(try await dispatcher.deliverPending() == 1)
        #expect(receiver.received.withLock { $0.count } == 1)
    }
}
