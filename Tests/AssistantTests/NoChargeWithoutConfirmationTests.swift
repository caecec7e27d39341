import Billing
import Foundation
import PayAssistCore
import Testing
@testable import Assistant

/// Walks every sequence of up to four turns drawn from all intents (plus slot-carrying, corrected,
/// low-confidence and out-of-scope variants) through the dialogue policy and checks, at every
/// step, that a payment happens only on a confident confirmation of exactly the values read back.
@Suite struct NoChargeWithoutConfirmationTests {
    /// Two linked accounts, 128.50 due, usual bills around 100 yuan, no recent payments.
    struct Facts: DialogueFacts {
        let accounts = [ElectricityAccount(number: "1002345678", holderName: "张建华", address: "", district: ""),
                        ElectricityAccount(number: "1002345863", holderName: "李秀英", address: "", district: "")]
        func linkedAccounts(customerID: String) throws -> [ElectricityAccount] { accounts }
        func account(number: String) throws -> ElectricityAccount? {
            accounts.first { $0.number == number } ?? (number == "1002345715" ? ElectricityAccount(number: number, holderName: "王志强", address: "", district: "") : nil)
        }
        func amountDue(accountNumber: String) throws -> Money { Money(minorUnits: 12_850, currency: .cny) }
        func usualBill(accountNumber: String) throws -> Money? { Money(minorUnits: 10_000, currency: .cny) }
        func recentPayment(customerID: String, accountNumber: String) throws -> RecentPayment? { nil }
    }

    static let turns: [String] = AssistantIntent.standard.map(\.rawValue) + [
        "pay_bill account=1002345678", "pay_bill amount=100", "pay_bill account=1002345863 amount=3000",
        "pay_bill account=1002345715", "pay_bill account=1999999999", "pay_bill amount=50USD",
        "deny amount=200", "confirm amount=150", "confirm account=1002345863",
        "confirm?", "pay_bill? amount=100", "out_of_scope amount=100", "change_language lang=en",
    ]

    /// What one path has seen: the values last read back and the confirmations since.
    struct PathMemory {
        var state = DialogueState(language: .zhHans)
        var readBack: (account: String, amount: Money)?
        var confirmationsSinceReadBack = 0
    }

    @Test func noSequenceOfUpToFourTurnsChargesWithoutAnExplicitConfirmationOfTheReadBackValues() async throws {
        try await BlockingWork.run { try NoChargeWithoutConfirmationTests.walkEverySequence() }
    }

    static func walkEverySequence() throws {
        let policy = DialoguePolicy()
        let facts = Facts()
        let recognitions = NoChargeWithoutConfirmationTests.turns.map(ScriptedRecognizer.parse)
        var charges = 0
        var sequences = 0
        var draftCounter = 0

        func walk(_ memory: PathMemory, depth: Int) throws {
            guard depth < 4 else { sequences += 1; return }
            for recognition in recognitions {
                draftCounter += 1
                let before = memory.state
                let decision = try policy.decide(state: before, recognition: recognition, customerID: "c001", facts: facts, newDraftID: "d\(draftCounter)")
                var next = memory
                next.state = decision.state

                if !recognition.isConfident || recognition.intent == .outOfScope {
                    #expect(decision.state.draft == before.draft, "a \(recognition.text) turn changed the draft")
                }
                if let draft = decision.state.draft, let account = draft.account, let amount = draft.amount,
                   let seen = memory.readBack, seen.account != account || seen.amount != amount {
                    next.readBack = nil // the values changed: what was read back no longer counts
                    next.confirmationsSinceReadBack = 0
                }
                if decision.state.draft == nil { next.readBack = nil; next.confirmationsSinceReadBack = 0 }
                if recognition.intent == .confirm, recognition.isConfident, before.draft?.awaiting == .confirmation, next.readBack != nil {
                    next.confirmationsSinceReadBack += 1
                }
                for step in decision.steps {
                    switch step {
                    case .askConfirmation:
                        if let draft = decision.state.draft, let account = draft.account, let amount = draft.amount {
                            if next.readBack == nil || next.readBack!.account != account || next.readBack!.amount != amount {
                                next.confirmationsSinceReadBack = 0
                            }
                            next.readBack = (account, amount)
                        } else {
                            Issue.record("read-back without complete values after \(recognition.text)")
                        }
                    case .pay(let draft):
                        charges += 1
                        #expect(recognition.intent == .confirm && recognition.isConfident, "charged on \(recognition.text)")
                        #expect(before.draft?.awaiting == .confirmation, "charged without awaiting confirmation")
                        #expect(memory.readBack?.account == draft.account && memory.readBack?.amount == draft.amount, "charged values that were not read back")
                        #expect(next.confirmationsSinceReadBack >= draft.confirmationsRequired, "charged with too few confirmations")
                        #expect(draft.amount?.currency == .cny && (draft.amount?.minorUnits ?? 0) > 0)
                        if draft.amount!.minorUnits > 12_850 && draft.amount!.minorUnits > 30_000 {
                            #expect(draft.confirmationsRequired == 2, "a large amount paid after one confirmation")
                        }
                        next.state = policy.completed(decision.state, draft: draft, reference: "pay_test", at: Date(), paid: true)
                        next.readBack = nil
                        next.confirmationsSinceReadBack = 0
                    case .say, .answer:
                        break
                    }
                }
                try walk(next, depth: depth + 1)
            }
        }

        try walk(PathMemory(), depth: 0)
        #expect(sequences == Int(pow(Double(recognitions.count), 4)))
        #expect(charges > 0) // the walk does reach payments, so the checks above are exercised
    }
}

/// The same property end to end: real sessions, billing data and the in-process gateway, every
/// sequence of three turns from a smaller set, counting gateway payments after each turn.
@Suite struct NoChargeEndToEndTests {
    static let turns = ["pay_bill", "pay_bill amount=100", "deny amount=200", "confirm", "confirm?", "out_of_scope", "query_bill", "cancel"]

    @Test func theGatewayIsChargedOnlyRightAfterAConfirmedReadBack() async throws {
        let world = try await TestWorld()
        func charges() throws -> Int { try world.engine.store.database.query("SELECT count(*) AS n FROM gateway_payments").first?.int("n") ?? 0 }
        var paid = 0
        for first in Self.turns {
            for second in Self.turns {
                for third in Self.turns {
                    world.clock.advance(by: 11 * 60) // outside the repeat window of the previous sequence
                    var session: String?
                    var lastAwaiting: AwaitedSlot?
                    for utterance in [first, second, third] {
                        let before = try charges()
                        let reply = try await world.converse("c001", .voice, [utterance], session: session)[0]
                        session = reply.sessionID
                        let after = try charges()
                        if after > before {
                            paid += 1
                            #expect(after == before + 1)
                            #expect(utterance == "confirm" && lastAwaiting == .confirmation, "charged on \(first) → \(second) → \(third)")
                        }
                        lastAwaiting = reply.awaiting
                    }
                }
            }
        }
        #expect(paid > 0)
    }
}
