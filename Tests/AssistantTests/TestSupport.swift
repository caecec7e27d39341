import Billing
import Foundation
import PaymentGateway
import PayAssistCore
import Storage
@testable import Assistant

/// A recognizer for dialogue tests: the "utterance" spells out the recognition.
///
/// `"pay_bill account=1002345678 amount=120.50"`, `"confirm?"` (a trailing `?` means low confidence),
/// `"deny amount=200"`, `"query_bill period=2026-10"`, `"change_language lang=ja"`, `"set_reminder time=08:00"`,
/// `"amount=50USD"` for another currency, `"speak=ja"` for the detected language.
struct ScriptedRecognizer: IntentRecognizing {
    func recognize(text: String?, hypotheses: [TranscriptHypothesis], language: Language?, awaiting: AwaitedSlot?) throws -> Recognition {
        let utterance = text ?? hypotheses.max { ($0.confidence ?? 1) < ($1.confidence ?? 1) }?.text ?? ""
        return ScriptedRecognizer.parse(utterance)
    }

    static func parse(_ utterance: String) -> Recognition {
        var words = utterance.split(separator: " ").map(String.init)
        var head = words.isEmpty ? "out_of_scope" : words.removeFirst()
        let confident = !head.hasSuffix("?")
        if !confident { head.removeLast() }
        var slots = RecognizedSlots()
        var spoken: Language?
        for word in words {
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "account": slots.account = pair[1]
            case "amount":
                let letters = pair[1].filter(\.isLetter)
                let currency = letters.isEmpty ? Currency.cny : Currency(code: letters)!
                slots.amount = Money(decimalString: pair[1].filter { !$0.isLetter }, currency: currency)
            case "period": slots.period = YearMonth(pair[1])
            case "lang": slots.language = Language(tag: pair[1])
            case "time":
                let parts = pair[1].split(separator: ":").compactMap { Int($0) }
                slots.time = LocalTimeOfDay(hour: parts[0], minute: parts[1])
            case "speak": spoken = Language(tag: pair[1]) ?? Language(rawValue: pair[1])
            default: break
            }
        }
        let intent = AssistantIntent(rawValue: head) ?? .outOfScope
        return Recognition(intent: intent, confidence: confident ? 0.95 : 0.31, isConfident: confident, language: spoken, slots: slots, text: utterance)
    }
}

/// A gateway that forwards to a real engine but loses the answer of the first `failures` payments
/// (the charge happens, the caller sees a timeout), to prove retries charge once.
final class LossyGateway: PaymentGatewayClient {
    let inner: GatewayEngine
    private let remainingFailures: LockedCounter
    let createCalls = LockedCounter(0)
    let quotesFail: Bool

    init(inner: GatewayEngine, failures: Int, quotesFail: Bool = false) {
        self.inner = inner
        remainingFailures = LockedCounter(failures)
        self.quotesFail = quotesFail
    }

    func quote(_ request: QuoteRequest, language: Language) async throws -> Quote {
        if quotesFail { throw GatewayClientError.unavailable(detail: "test") }
        return try await inner.quote(request, language: language)
    }
    func createPayment(_ request: CreatePaymentRequest, idempotencyKey: String, language: Language) async throws -> Payment {
        createCalls.add(1)
        let payment = try await inner.createPayment(request, idempotencyKey: idempotencyKey, language: language)
        if remainingFailures.takeOne() { throw GatewayClientError.timedOut }
        return payment
    }
    func saveCard(_ card: CardDetails, idempotencyKey: String, language: Language) async throws -> CardToken { try await inner.saveCard(card, idempotencyKey: idempotencyKey, language: language) }
    func payment(id: String, language: Language) async throws -> Payment { try await inner.payment(id: id, language: language) }
    func submitThreeDSecure(paymentID: String, result: ThreeDSecureResult, language: Language) async throws -> Payment {
        try await inner.submitThreeDSecure(paymentID: paymentID, result: result, language: language)
    }
    func refund(paymentID: String, amount: Int64?, idempotencyKey: String, language: Language) async throws -> Payment {
        try await inner.refund(paymentID: paymentID, amount: amount, idempotencyKey: idempotencyKey, language: language)
    }
    func cancel(paymentID: String, idempotencyKey: String, language: Language) async throws -> Payment {
        try await inner.cancel(paymentID: paymentID, idempotencyKey: idempotencyKey, language: language)
    }
    func events(after cursor: String?, limit: Int) async throws -> GatewayEventPage { try await inner.events(after: cursor, limit: limit) }
}

/// A thread-safe counter.
final class LockedCounter: Sendable {
    private let value: Mutex<Int>
    init(_ start: Int) { value = Mutex(start) }
    var current: Int { value.withLock { $0 } }
    func add(_ amount: Int) { value.withLock { $0 += amount } }
    /// Decrements when positive; true when it did.
    func takeOne() -> Bool { value.withLock { if $0 > 0 { $0 -= 1; return true }; return false } }
}

import Synchronization

/// A fresh world per test: in-memory database seeded with the demo data, the in-process gateway
/// engine, a manual clock at a fixed instant, and the assistant.
struct TestWorld {
    static let fixtures = ProjectLayout.folder("Fixtures", near: #filePath)!
    /// 2026-11-27 10:00 Beijing time.
    static let start = Date(timeIntervalSince1970: 1_795_744_800)

    let clock: ManualClock
    let database: Database
    let billing: BillingStore
    let engine: GatewayEngine
    let assistant: Assistant
    let reminders: InMemoryReminderPreferences

    init(failingPayments: Int = 0, failingQuotes: Bool = false, recognizer: (any IntentRecognizing)? = nil, seedCards: Bool = true,
         replies: ReplyCatalog? = nil, gatewayClient: ((Database) throws -> any PaymentGatewayClient)? = nil) async throws {
        clock = ManualClock(TestWorld.start)
        database = try Database.inMemory()
        billing = try BillingStore(database: database)
        _ = try DemoFixtures.seed(billing, fixtures: TestWorld.fixtures, now: TestWorld.start)
        engine = try GatewayEngine(store: GatewayStore(database: database), configuration: .fromFixtures(folder: TestWorld.fixtures.appendingPathComponent("gateway")), clock: clock)
        let gateway: any PaymentGatewayClient
        if let gatewayClient {
            gateway = try gatewayClient(database)
        } else if failingPayments > 0 || failingQuotes {
            gateway = LossyGateway(inner: engine, failures: failingPayments, quotesFail: failingQuotes)
        } else {
            gateway = engine
        }
        reminders = InMemoryReminderPreferences()
        assistant = try Assistant(database: database, billing: billing, tariffs: DemoFixtures.tariffs(in: TestWorld.fixtures),
                                  recognizer: recognizer ?? ScriptedRecognizer(), gateway: gateway,
                                  replies: replies ?? ReplyCatalog.load(fixtures: TestWorld.fixtures), linkSigner: .random(),
                                  reminders: reminders, clock: clock, publicBaseURL: "https://pay.example.test")
        if seedCards { try await assistant.seedDemoCards() }
    }

    /// Sends turns in one session and returns every reply.
    @discardableResult
    func converse(_ customerID: String, _ channel: AssistantChannel, _ utterances: [String], session: String? = nil) async throws -> [AssistantReply] {
        var replies: [AssistantReply] = []
        var sessionID = session
        for utterance in utterances {
            let reply = try await assistant.handle(AssistantTurn(customerID: customerID, channel: channel, sessionID: sessionID, text: utterance))
            sessionID = reply.sessionID
            replies.append(reply)
        }
        return replies
    }

    /// Payments recorded for an account through the assistant's channels.
    func payments(_ account: String) throws -> [BillPayment] {
        try billing.payments(accountNumber: account).filter { $0.channel == "voice" || $0.channel == "chat" || $0.channel == "checkout" }
    }
}

import HTTPServer
import PayAssistAPI

/// The assistant's routes on a router, with the demo API keys, for in-process HTTP tests.
struct RoutedWorld {
    static let voiceKey = "pa_demo_voice_7f3c9a1e"
    static let chatKey = "pa_demo_chat_4b8d2e6f"
    static let operatorKey = "pa_demo_operator_9e1a5c3d"

    let world: TestWorld
    let router: Router

    init(recognizer: (any IntentRecognizing)? = nil, gatewayClient: ((Database) throws -> any PaymentGatewayClient)? = nil) async throws {
        world = try await TestWorld(recognizer: recognizer, gatewayClient: gatewayClient)
        let keys = try APIKeyStore(database: world.database)
        for key in try APIKeyStore.loadKeys(fromFile: TestWorld.fixtures.appendingPathComponent("demo/api_keys.json")) { try keys.register(key) }
        let context = APIContext(authenticator: Authenticator(keys: keys, billing: world.billing), billing: world.billing, clock: world.clock)
        router = Router()
        router.registerAssistantRoutes(context: context, assistant: world.assistant)
        router.registerCheckoutRoutes(context: context, assistant: world.assistant)
    }

    /// Sends a request and returns status and parsed JSON (or the body text as "_text").
    func send(_ method: HTTPMethod, _ target: String, key: String? = nil, customer: String? = nil, json: [String: Any]? = nil,
              form: String? = nil, language: String? = nil) async throws -> (status: Int, body: [String: Any], text: String, headers: HTTPHeaders) {
        var headers = HTTPHeaders()
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let customer { headers.add(name: "X-Customer-Id", value: customer) }
        if let language { headers.add(name: "Accept-Language", value: language) }
        var body: [UInt8] = []
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            body = Array(try JSONSerialization.data(withJSONObject: json))
        } else if let form {
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            body = Array(form.utf8)
        }
        let response = await router.respond(to: HTTPRequest(method: method, target: target, headers: headers, body: body))
        let text = String(decoding: response.body, as: UTF8.self)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, parsed, text, response.headers)
    }

    /// One assist turn as the channel sends it.
    func assist(_ key: String, _ customer: String, _ fields: [String: Any]) async throws -> (status: Int, body: [String: Any]) {
        let result = try await send(.post, "/v1/assist", key: key, customer: customer, json: fields)
        return (result.status, result.body)
    }
}

