import Foundation
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct ConversationReportTests {
    @Test func everyTurnIsRecordedWithItsOutcome() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill", "confirm?", "confirm", "confirm"])
        let records = try world.assistant.turns.turns(sessionID: replies[0].sessionID)
        #expect(records.map(\.outcome) == [.progressed, .notUnderstood, .confirmationRequested, .paid])
        #expect(records[1].lowConfidence)
        #expect(records[3].actions == "payment")
        #expect(records.allSatisfy { $0.channel == .voice && $0.customerID == "c001" })
    }

    @Test func theReportStratifiesByIntentAndChannelAndOverSamplesNotableTurns() async throws {
        let world = try await TestWorld()
        for _ in 0..<8 { try await world.converse("c002", .chat, ["help"]) }
        try await world.converse("c003", .chat, ["help?"])
        try await world.converse("c003", .chat, ["help?"])
        for _ in 0..<3 { try await world.converse("c004", .voice, ["query_bill"]) }
        try await world.converse("c005", .voice, ["transfer_to_agent"])
        let report = try world.assistant.turns.report(since: nil, perStratum: 3)
        #expect(report.totalTurns == 14)
        let help = try #require(report.strata.first { $0.intent == "help" && $0.channel == "chat" })
        #expect(help.turns == 10)
        #expect(help.sample.count == 3)
        let firstTwo = help.sample.prefix(2).map(\.lowConfidence)
        #expect(firstTwo == [true, true]) // both low-confidence turns are in the sample
        #expect(report.strata.contains(where: { $0.intent == "transfer_to_agent" && $0.notableTurns == 1 }))
        #expect(report.notUnderstood.first?.text == "help?")
        #expect(report.notUnderstood.first?.count == 2)
    }
}
