import Billing
import Foundation
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct SessionTests {
    @Test func aSessionKeepsItsStateAcrossTurns() async throws {
        let world = try await TestWorld()
        let first = try await world.converse("c001", .voice, ["pay_bill"])
        let second = try await world.converse("c001", .voice, ["confirm"], session: first[0].sessionID)
        #expect(second[0].sessionID == first[0].sessionID)
        #expect(second[0].turn == 2)
        #expect(second[0].awaiting == .confirmation)
    }

    @Test func anUnknownSessionIsAClearError() async throws {
        let world = try await TestWorld()
        await #expect(throws: AssistantError.sessionNotFound) {
            try await world.converse("c001", .voice, ["help"], session: "ses_doesnotexist")
        }
    }

    @Test func anotherCustomersSessionIsNotFound() async throws {
        let world = try await TestWorld()
        let first = try await world.converse("c001", .voice, ["pay_bill"])
        await #expect(throws: AssistantError.sessionNotFound) {
            try await world.converse("c002", .voice, ["confirm"], session: first[0].sessionID)
        }
    }

    @Test func aSessionExpiresAfterInactivityAndItsPendingPaymentCannotBeConfirmed() async throws {
        let world = try await TestWorld()
        let first = try await world.converse("c001", .voice, ["pay_bill amount=100"])
        world.clock.advance(by: 16 * 60)
        await #expect(throws: AssistantError.sessionExpired) {
            try await world.converse("c001", .voice, ["confirm"], session: first[0].sessionID)
        }
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test func activityKeepsASessionAlive() async throws {
        let world = try await TestWorld()
        let first = try await world.converse("c001", .voice, ["help"])
        for _ in 0..<3 {
            world.clock.advance(by: 10 * 60)
            try await world.converse("c001", .voice, ["help"], session: first[0].sessionID)
        }
    }

    @Test func anUnknownCustomerIsAClearError() async throws {
        let world = try await TestWorld()
        await #expect(throws: BillingError.customerNotFound("nobody")) {
            try await world.converse("nobody", .chat, ["help"])
        }
    }

    @Test func aTurnWithoutTextOrHypothesesIsRejected() async throws {
        let world = try await TestWorld()
        await #expect(throws: AssistantError.emptyTurn) {
            try await world.assistant.handle(AssistantTurn(customerID: "c001", channel: .voice, text: "  "))
        }
        await #expect(throws: AssistantError.invalidHypotheses) {
            try await world.assistant.handle(AssistantTurn(customerID: "c001", channel: .voice, hypotheses: [TranscriptHypothesis(text: "help", confidence: 1.5)]))
        }
    }

    @Test func concurrentConfirmationsOfOneSessionChargeOnce() async throws {
        let world = try await TestWorld()
        let first = try await world.converse("c001", .voice, ["pay_bill amount=100"])
        let session = first[0].sessionID
        let outcomes = try await withThrowingTaskGroup(of: TurnOutcome.self) { group in
            for _ in 0..<5 {
                group.addTask { try await world.converse("c001", .voice, ["confirm"], session: session)[0].outcome }
            }
            return try await group.reduce(into: [TurnOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .paid }.count == 1)
        #expect(outcomes.filter { $0 == .repeated }.count == 4)
        #expect(try world.payments("1002345678").count == 1)
    }

    @Test func theReplyLanguageFollowsTheProfileThenWhatIsSpokenThenAnExplicitChoice() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c052", .chat, ["help", "query_bill speak=en", "change_language lang=de", "query_bill speak=en"])
        #expect(replies[0].language == .ja)
        #expect(replies[1].language == .en)
        #expect(replies[2].language == .de)
        #expect(replies[3].language == .de)
    }
}
