import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatewayService
import HTTPServer
import IntentEngine
import Storage
import Synchronization
import PayAssistCore
import Testing
@testable import Assistant

/// A conversation script from Fixtures/assistant/conversations: turns with what each reply must show,
/// and optionally the checkout page steps after a link.
struct ConversationScript: Decodable {
    struct Turn: Decodable {
        let text: String?
        let hypotheses: [TranscriptHypothesis]?
        let newSession: Bool?
        let expect: Expectation

        enum CodingKeys: String, CodingKey {
            case text, hypotheses, expect
            case newSession = "new_session"
        }
    }

    struct Expectation: Decodable {
        let intent: String?
        let outcome: String?
        /// "none" for a null `awaiting`.
        let awaiting: String?
        let lang: String?
        let actions: [String]?
        let paymentStatus: String?
        let slotAmount: String?
        let replyContains: [String]?
        let replyExcludes: [String]?
        let ssmlContains: [String]?

        enum CodingKeys: String, CodingKey {
            case intent, outcome, awaiting, lang, actions
            case paymentStatus = "payment_status", slotAmount = "slot_amount", replyContains = "reply_contains"
            case replyExcludes = "reply_excludes", ssmlContains = "ssml_contains"
        }
    }

    struct Checkout: Decodable {
        let pageContains: [String]
        let payerCurrency: String
        let card: String
        let threeDSecure: String?
        let expectPaid: Bool

        enum CodingKeys: String, CodingKey {
            case card
            case pageContains = "page_contains", payerCurrency = "payer_currency", threeDSecure = "three_d_secure", expectPaid = "expect_paid"
        }
    }

    let name: String
    let customer: String
    let channel: String
    let turns: [Turn]
    let checkout: Checkout?

    static func all() throws -> [(file: String, script: ConversationScript)] {
        let folder = TestWorld.fixtures.appendingPathComponent("assistant/conversations")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
            (name, try JSONDecoder().decode(ConversationScript.self, from: Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }
}

/// Runs every conversation script end to end over real HTTP: the assistant and checkout routes on a
/// socket server (port 0), the trained intent engine, and the mock gateway started in process on its
/// own port and reached through its HTTP client, as `payassist serve` runs them.
@Suite(.serialized) struct ConversationScriptTests {
    static let engine: IntentEngine = try! IntentEngine.load(from: ProjectLayout.folder("Intents", near: #filePath)!, clock: ManualClock(TestWorld.start))

    /// The engine, trained off the concurrency pool on first use.
    static func trainedEngine() async throws -> IntentEngine { try await BlockingWork.run { engine } }

    struct Client {
        let base: String

        func send(_ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) async throws -> (Int, Data) {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        }
    }

    @Test(arguments: try ConversationScript.all().map(\.file))
    func scriptRunsEndToEndOverHTTP(file: String) async throws {
        let script = try #require(try ConversationScript.all().first { $0.file == file }?.script)
        let gatewayServer = Mutex<GatewayServer?>(nil)
        let routed = try await RoutedWorld(recognizer: IntentEngineRecognizer(engine: try await ConversationScriptTests.trainedEngine())) { database in
            let started = try GatewayServer.start(database: database, secretKey: "gw_test_secret_0123456789",
                                                  configuration: .fromFixtures(folder: TestWorld.fixtures.appendingPathComponent("gateway")))
            gatewayServer.withLock { $0 = started }
            return HTTPGatewayClient(baseURL: started.baseURL, secretKey: "gw_test_secret_0123456789")
        }
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1), responder: routed.router)
        try server.start()
        let client = Client(base: "http://127.0.0.1:\(server.port)")
        var failure: (any Error)?
        do {
            try await run(script, client: client, routed: routed)
        } catch {
            failure = error
        }
        await server.shutdown()
        if let gateway = gatewayServer.withLock({ $0 }) { await gateway.shutdown() }
        if let failure { throw failure }
    }

    func run(_ script: ConversationScript, client: Client, routed: RoutedWorld) async throws {
        let key = script.channel == "voice" ? RoutedWorld.voiceKey : RoutedWorld.chatKey
        var sessionID: String?
        var lastLink: String?
        for (index, turn) in script.turns.enumerated() {
            if turn.newSession == true { sessionID = nil }
            var fields: [String: Any] = [:]
            if let text = turn.text { fields["text"] = text }
            if let hypotheses = turn.hypotheses { fields["hypotheses"] = hypotheses.map { ["text": $0.text, "confidence": $0.confidence ?? 1] } }
            if let sessionID { fields["session_id"] = sessionID }
            let (status, data) = try await client.send("POST", "/v1/assist", headers: ["Authorization": "Bearer \(key)", "X-Customer-Id": script.customer,
                                                                                      "Content-Type": "application/json"],
                                                       body: try JSONSerialization.data(withJSONObject: fields))
            let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            let where_ = "\(script.name), turn \(index + 1)"
            #expect(status == 200, "\(where_): \(String(decoding: data, as: UTF8.self))")
            sessionID = body["session_id"] as? String
            let expect = turn.expect
            let reply = body["reply"] as? [String: Any] ?? [:]
            let text = reply["text"] as? String ?? ""
            let actions = body["actions"] as? [[String: Any]] ?? []
            if let intent = expect.intent { #expect((body["intent"] as? [String: Any])?["name"] as? String == intent, "\(where_): \(text)") }
            if let outcome = expect.outcome { #expect(body["outcome"] as? String == outcome, "\(where_): \(text)") }
            if let awaiting = expect.awaiting {
                #expect((body["awaiting"] as? String ?? "none") == awaiting, "\(where_): \(text)")
            }
            if let lang = expect.lang { #expect(body["lang"] as? String == lang, "\(where_)") }
            if let types = expect.actions { #expect(actions.compactMap { $0["type"] as? String } == types, "\(where_)") }
            if let status = expect.paymentStatus { #expect(actions.first { $0["type"] as? String == "payment" }?["status"] as? String == status, "\(where_)") }
            if let amount = expect.slotAmount { #expect(((body["slots"] as? [String: Any])?["amount"] as? [String: Any])?["value"] as? String == amount, "\(where_)") }
            for needle in expect.replyContains ?? [] { #expect(text.contains(needle), "\(where_): «\(needle)» not in «\(text)»") }
            for needle in expect.replyExcludes ?? [] { #expect(!text.contains(needle), "\(where_): «\(needle)» in «\(text)»") }
            for needle in expect.ssmlContains ?? [] { #expect((reply["ssml"] as? String ?? "").contains(needle), "\(where_): «\(needle)» not in SSML") }
            if let link = actions.first(where: { $0["type"] as? String == "deep_link" })?["web_url"] as? String {
                lastLink = String(link.dropFirst("https://pay.example.test".count))
            }
        }
        guard let checkout = script.checkout else { return }
        let path = try #require(lastLink, "\(script.name): no checkout link")
        let (pageStatus, pageData) = try await client.send("GET", path)
        let page = String(decoding: pageData, as: UTF8.self)
        #expect(pageStatus == 200)
        for needle in checkout.pageContains { #expect(page.contains(needle), "\(script.name): page lacks «\(needle)»") }
        let amount = try #require(page.firstMatch(of: /id="amount" name="amount" inputmode="decimal" required value="([0-9.]+)"/)?.1)
        let (quoteStatus, quoteData) = try await client.send("POST", path + "/quote", headers: ["Content-Type": "application/json"],
                                                             body: try JSONSerialization.data(withJSONObject: ["amount": String(amount), "payer_currency": checkout.payerCurrency]))
        #expect(quoteStatus == 200)
        let quote = (try? JSONSerialization.jsonObject(with: quoteData)) as? [String: Any] ?? [:]
        let quoteID = quote["quote_id"] as? String ?? ""
        let form = "amount=\(amount)&payer_currency=\(checkout.payerCurrency)&quote_id=\(quoteID)&number=\(checkout.card)&exp_month=12&exp_year=2031&cvc=123&holder=David+Zhang"
        var (status, data) = try await client.send("POST", path + "/pay", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
        if let result = checkout.threeDSecure {
            #expect(String(decoding: data, as: UTF8.self).contains("/3ds"), "\(script.name): no 3-D Secure challenge")
            (status, data) = try await client.send("POST", path + "/3ds", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("result=\(result)".utf8))
        }
        let receipt = String(decoding: data, as: UTF8.self)
        #expect(receipt.contains("id=\"paid\"") == checkout.expectPaid, "\(script.name): \(status)")
        let payments = try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }
        #expect(payments.count == (checkout.expectPaid ? 1 : 0))
    }
}
