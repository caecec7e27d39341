import Billing
import Foundation
import PaymentGateway
import PayAssistCore
import Testing
@testable import Assistant

/// c001 张建华: elderly, voice, one account 1002345678 with last month unpaid.
/// c045 David Zhang: Toronto, chat, CAD card, family of 1002345678 and 1002345863.
@Suite struct PayBillDialogueTests {
    @Test func voiceCustomerWithOneAccountIsAskedTheAmountThenConfirmationThenPaysWithSavedCard() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill", "confirm", "confirm"])
        #expect(replies[0].awaiting == .amount)
        #expect(replies[0].reply.text.contains("1002345678"))
        #expect(replies[1].awaiting == .confirmation)
        #expect(replies[1].reply.text.contains("张*华"))
        #expect(replies[1].reply.ssml?.contains("<say-as interpret-as=\"digits\">1002345678</say-as>") == true)
        #expect(replies[2].outcome == .paid)
        #expect(replies[2].awaiting == nil)
        guard case .payment(let payment) = replies[2].actions.first else { Issue.record("no payment action"); return }
        #expect(payment.status == "succeeded")
        let recorded = try world.payments("1002345678")
        #expect(recorded.count == 1)
        #expect(recorded.first?.reference == payment.id)
        #expect(try world.billing.amountDue(accountNumber: "1002345678").minorUnits == 0)
    }

    @Test func customerWithTwoAccountsIsOfferedThemAndAForeignCardReadBackIncludesTheQuote() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c045", .chat, ["pay_bill", "pay_bill account=1002345678", "confirm"])
        #expect(replies[0].awaiting == .account)
        guard case .quickReplies(let options) = replies[0].actions.first else { Issue.record("no quick replies"); return }
        #expect(options.count == 3) // two accounts and cancel
        #expect(options[0].label.contains("…5678") || options[1].label.contains("…5678"))
        #expect(replies[1].awaiting == .amount)
        #expect(replies[2].awaiting == .confirmation)
        let text = replies[2].reply.text
        #expect(text.contains("Z*****g") == false) // the holder is the account's, not the payer's
        #expect(text.contains("张*华"))
        #expect(text.contains("CA$") || text.contains("CAD"))
        #expect(text.contains("rate"))
    }

    @Test func chatConfirmationIssuesASignedCheckoutLinkNotACharge() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c045", .chat, ["pay_bill account=1002345678 amount=100", "confirm"])
        #expect(replies[1].outcome == .linkIssued)
        guard case .deepLink(let appURL, let webURL, _, _) = replies[1].actions.first else { Issue.record("no deep link"); return }
        #expect(appURL.hasPrefix("payassist://pay?token="))
        #expect(webURL.hasPrefix("https://pay.example.test/checkout/"))
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test func correctionAtConfirmationReadsBackTheNewAmountBeforePaying() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=100", "deny amount=200", "confirm"])
        #expect(replies[0].awaiting == .confirmation)
        #expect(replies[1].awaiting == .confirmation)
        #expect(replies[1].outcome == .confirmationRequested)
        #expect(replies[1].reply.text.contains("200"))
        #expect(replies[2].outcome == .paid)
        #expect(try world.payments("1002345678").map(\.amount.minorUnits) == [20_000])
    }

    @Test func plainNoAtConfirmationPaysNothingAndAsksForTheAmount() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=100", "deny", "confirm"])
        #expect(replies[1].awaiting == .amount)
        #expect(replies[2].awaiting == .amount) // nothing offered any more: "yes" alone cannot pay
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test(arguments: ["pay_bill", "pay_bill amount=100", "pay_bill account=1002345678"])
    func cancelAtAnyPointDropsTheFlowWithoutCharging(opening: String) async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c045", .chat, [opening, "cancel", "confirm"])
        #expect(replies[1].outcome == .canceled)
        #expect(replies[1].awaiting == nil)
        #expect(replies[2].outcome != .paid && replies[2].outcome != .linkIssued)
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test func anotherQuestionMidFlowIsAnsweredAndTheFlowResumes() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill", "query_due_date", "confirm", "confirm"])
        #expect(replies[1].awaiting == .amount)
        #expect(replies[1].outcome == .answered)
        #expect(replies[2].awaiting == .confirmation)
        #expect(replies[3].outcome == .paid)
    }

    @Test(arguments: ["confirm?", "out_of_scope", "out_of_scope amount=100", "pay_bill? amount=9000"])
    func lowConfidenceAndOutOfScopeTurnsNeverMoveAPaymentForward(turn: String) async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=100", turn])
        #expect(replies[1].awaiting == .confirmation)
        #expect(replies[1].outcome == .notUnderstood || replies[1].outcome == .outOfScope)
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test func theSamePaymentAskedForAgainWithinMinutesIsRefusedAsARepeat() async throws {
        let world = try await TestWorld()
        let first = try await world.converse("c001", .voice, ["pay_bill", "confirm", "confirm", "confirm"])
        #expect(first[2].outcome == .paid)
        #expect(first[3].outcome == .repeated)
        world.clock.advance(by: 120)
        let again = try await world.converse("c001", .voice, ["pay_bill"])
        #expect(again[0].outcome == .repeated)
        #expect(again[0].awaiting == nil)
        world.clock.advance(by: 15 * 60)
        let later = try await world.converse("c001", .voice, ["pay_bill amount=50"])
        #expect(later[0].awaiting == .confirmation)
        #expect(try world.payments("1002345678").count == 1)
    }

    @Test func anAmountFarAboveTheUsualBillsNeedsASecondConfirmation() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=3000", "confirm"])
        #expect(replies[1].outcome == .confirmationRequested)
        #expect(replies[1].reply.text.contains("3,000") || replies[1].reply.text.contains("3000"))
        #expect(try world.payments("1002345678").isEmpty)
        let last = try await world.converse("c001", .voice, ["confirm"], session: replies[0].sessionID)
        #expect(last[0].outcome == .paid)
        #expect(try world.payments("1002345678").count == 1)
    }

    @Test func aLostGatewayAnswerIsRetriedWithTheSameKeyAndChargesOnce() async throws {
        let world = try await TestWorld(failingPayments: 1)
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=100", "confirm", "confirm"])
        #expect(replies[1].outcome == .failed)
        #expect(replies[1].awaiting == .confirmation)
        #expect(replies[2].outcome == .paid)
        #expect(try world.engine.store.database.query("SELECT count(*) AS n FROM gateway_payments").first?.int("n") == 1)
        #expect(try world.payments("1002345678").count == 1)
    }

    @Test func aDeclinedSavedCardEndsTheFlowWithAClearReplyAndNoCharge() async throws {
        let world = try await TestWorld(seedCards: false)
        try await world.assistant.cards.seedDemoCards(billing: world.billing, gateway: world.engine, cardNumber: "4000000000000002", now: TestWorld.start)
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=100", "confirm"])
        #expect(replies[1].outcome == .paymentFailed)
        #expect(replies[1].awaiting == nil)
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test func amountsInAnotherCurrencyAreAskedAgainInYuan() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c045", .chat, ["pay_bill account=1002345678 amount=50USD"])
        #expect(replies[0].awaiting == .amount)
        #expect(replies[0].reply.text.contains("yuan"))
    }

    @Test func payingAnAccountThatIsNotLinkedIsAllowed() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill account=1002345715 amount=10", "confirm"])
        #expect(replies[1].outcome == .paid)
        #expect(try world.payments("1002345715").count == 1)
    }

    @Test func anUnknownAccountIsRefusedAndAskedAgain() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .voice, ["pay_bill account=1999999999"])
        #expect(replies[0].outcome == .refused)
        #expect(replies[0].awaiting == .account)
    }

    @Test func aVoiceCustomerWithoutASavedCardGetsACheckoutLinkAfterConfirming() async throws {
        let world = try await TestWorld(seedCards: false)
        let replies = try await world.converse("c001", .voice, ["pay_bill amount=100", "confirm"])
        #expect(replies[1].outcome == .linkIssued)
        #expect(replies[1].actions.map(\.type) == ["deep_link"])
        #expect(try world.payments("1002345678").isEmpty)
    }

    @Test func withoutAQuoteAForeignCardIsNeitherReadBackNorCharged() async throws {
        let world = try await TestWorld(failingQuotes: true)
        let replies = try await world.converse("c045", .chat, ["pay_bill account=1002345678 amount=100", "confirm", "confirm"])
        #expect(replies[0].outcome == .failed)
        #expect(replies.allSatisfy { $0.outcome != .linkIssued && $0.outcome != .paid })
        #expect(!replies[0].reply.text.contains("Please confirm"))
    }
}
