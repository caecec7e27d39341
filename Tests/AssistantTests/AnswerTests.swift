import Billing
import Foundation
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct AnswerTests {
    @Test func queryBillAnswersFromTheLinkedAccountsBills() async throws {
        let world = try await TestWorld()
        let reply = try await world.converse("c001", .chat, ["query_bill"])[0]
        let due = try world.billing.amountDue(accountNumber: "1002345678")
        #expect(reply.outcome == .answered)
        #expect(reply.reply.text.contains(ReplyRenderer.formatMoney(due, language: .zhHans)))
    }

    @Test func readingAnAccountTheCustomerIsNotLinkedToIsRefused() async throws {
        let world = try await TestWorld()
        for intent in ["query_bill", "query_usage", "query_due_date", "query_payment_history"] {
            let reply = try await world.converse("c001", .chat, ["\(intent) account=1002345715"])[0]
            #expect(reply.outcome == .refused)
            #expect(reply.reply.text.contains("1002345715"))
        }
    }

    @Test func usageIsComparedWithLastMonthAndTheSameMonthLastYear() async throws {
        let world = try await TestWorld()
        let bills = try world.billing.bills(accountNumber: "1002345678")
        let reply = try await world.converse("c001", .chat, ["query_usage speak=en period=\(bills[0].period)"])[0]
        let lastYear = bills.first { $0.period == bills[0].period.adding(months: -12) }
        #expect(reply.reply.text.contains("\(bills[0].kWh) kWh"))
        #expect(reply.reply.text.contains("\(bills[1].kWh) kWh"))
        if let lastYear { #expect(reply.reply.text.contains("\(lastYear.kWh) kWh")) }
    }

    @Test func tariffPolicyAnswersForTheCustomersOwnTier() async throws {
        let world = try await TestWorld()
        let bill = try #require(try world.billing.bills(accountNumber: "1002345678").first)
        let tier = try #require(world.assistant.tariffs.tier(forKWh: bill.kWh))
        let reply = try await world.converse("c001", .chat, ["tariff_policy speak=en"])[0]
        #expect(reply.reply.text.contains("tier \(tier.tier) at \(tier.pricePerKWh) yuan"))
        #expect(reply.reply.text.contains("0.3000"))
    }

    @Test func reportOutageCreatesARepairTicketWithAVisitWindow() async throws {
        let world = try await TestWorld()
        let reply = try await world.converse("c001", .voice, ["report_outage"])[0]
        #expect(reply.outcome == .ticketCreated)
        guard case .ticket(let ticket) = reply.actions.first else { Issue.record("no ticket"); return }
        #expect(ticket.number == "R20261127-0001")
        #expect(ticket.kind == "repair")
        // Opened at 10:00 Beijing time: the visit is 12:00 to 16:00 the same day.
        #expect(ticket.visitWindow?.from == "2026-11-27T04:00:00Z")
        #expect(ticket.visitWindow?.to == "2026-11-27T08:00:00Z")
    }

    @Test func aLateOutageIsVisitedTheNextMorning() {
        let evening = TestWorld.start.addingTimeInterval(9 * 3600) // 19:00 Beijing
        let window = TicketStore.visitWindow(after: evening, timeZone: DemoFixtures.utilityTimeZone)
        #expect(window.from == TestWorld.start.addingTimeInterval(22 * 3600)) // 08:00 next day
    }

    @Test func transferToAgentCreatesAHandOffWithTheConversationSoFar() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill", "transfer_to_agent"])
        #expect(replies[1].outcome == .transferred)
        #expect(replies[1].awaiting == nil)
        guard case .ticket(let summary) = replies[1].actions.first else { Issue.record("no ticket"); return }
        let ticket = try #require(try world.assistant.tickets.ticket(number: summary.number))
        #expect(ticket.kind == .handoff)
        #expect(ticket.transcript.map(\.text).contains("pay_bill"))
        #expect(ticket.transcript.contains { $0.speaker == "assistant" })
    }

    @Test func remindersGoToThePreferenceSink() async throws {
        let world = try await TestWorld()
        try await world.converse("c001", .voice, ["set_reminder time=08:30", "cancel_reminder"])
        let preferences = await world.reminders.preferences
        #expect(preferences.count == 2)
        #expect(preferences[0].enabled && preferences[0].time == LocalTimeOfDay(hour: 8, minute: 30))
        #expect(!preferences[1].enabled)
    }

    @Test func outOfScopeIsPolitelyDeclined() async throws {
        let world = try await TestWorld()
        let reply = try await world.converse("c001", .voice, ["out_of_scope"])[0]
        #expect(reply.outcome == .outOfScope)
        #expect(reply.reply.text.contains("电费"))
        #expect(reply.actions.isEmpty)
    }
}

@Suite struct DueDateAnswerTests {
    @Test func anOverdueBillIsAnsweredWithWhenPowerIsCut() async throws {
        let world = try await TestWorld()
        let overdue = try world.billing.allUnpaidBills().first { $0.isOverdue(on: LocalDate(TestWorld.start, in: DemoFixtures.utilityTimeZone)) }
        let bill = try #require(overdue)
        let customer = try #require(try world.billing.linkedCustomers(accountNumber: bill.accountNumber).first { $0.language == .zhHans })
        let reply = try await world.converse(customer.id, .chat, ["query_due_date account=\(bill.accountNumber)"])[0]
        #expect(reply.reply.text.contains("逾期"))
        #expect(reply.reply.text.contains("停电"))
    }
}
