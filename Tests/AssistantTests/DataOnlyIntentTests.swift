import Foundation
import PayAssistCore
import Testing
@testable import Assistant

/// An intent added in Intents/ data only (Fixtures/intents/extension/) is answered from the reply
/// catalog, with no code: its `intent.<name>` template, or a polite "not here yet" without one.
@Suite struct DataOnlyIntentTests {
    static let extensionFolder = TestWorld.fixtures.appendingPathComponent("intents/extension")

    /// The reply catalog of Fixtures/assistant/replies.json with the extension's replies merged in.
    static func extendedCatalog() throws -> ReplyCatalog {
        func entries(_ file: URL) throws -> [String: [String: String]] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
            return object.compactMapValues { $0 as? [String: String] }
        }
        let base = try entries(TestWorld.fixtures.appendingPathComponent("assistant/replies.json"))
        let added = try entries(extensionFolder.appendingPathComponent("replies.json"))
        return try ReplyCatalog(entries: base.merging(added) { _, new in new })
    }

    @Test func aDataOnlyIntentIsAnsweredWithItsCatalogReply() async throws {
        let catalog = try DataOnlyIntentTests.extendedCatalog()
        let world = try await TestWorld(replies: catalog)
        let reply = try await world.converse("c001", .chat, ["request_invoice speak=en"])[0]
        #expect(reply.intent.name == "request_invoice")
        #expect(reply.outcome == .answered)
        #expect(reply.reply.text == catalog.template("intent.request_invoice", in: .en))
    }

    @Test func aDataOnlyIntentInAnAddedLanguageIsAnsweredInThatLanguage() async throws {
        let catalog = try DataOnlyIntentTests.extendedCatalog()
        let world = try await TestWorld(replies: catalog)
        let reply = try await world.converse("c001", .chat, ["request_invoice speak=it"])[0]
        let italian = try #require(Language(rawValue: "it"))
        #expect(reply.reply.text == catalog.template("intent.request_invoice", in: italian))
        #expect(reply.reply.text != catalog.template("intent.request_invoice", in: .en))
    }

    @Test func aDataOnlyIntentWithoutAReplySaysItIsNotServedHereAndTakesNoAction() async throws {
        let world = try await TestWorld()
        let reply = try await world.converse("c001", .chat, ["request_invoice speak=en"])[0]
        #expect(reply.outcome == .answered)
        #expect(reply.actions.isEmpty)
        #expect(reply.reply.text == world.assistant.renderer.catalog.template("intent_without_answer", in: .en))
    }

    @Test func aDataOnlyIntentDuringAPaymentLeavesThePaymentWaiting() async throws {
        let world = try await TestWorld()
        let replies = try await world.converse("c001", .chat, ["pay_bill account=1002345678 amount=100", "request_invoice"])
        #expect(replies[1].awaiting == replies[0].awaiting)
        #expect(try world.payments("1002345678").isEmpty)
    }
}
