import Billing
import Foundation
import PaymentGateway
import PayAssistCore
import Storage
import Synchronization

/// The assistant for the voice and chat channels: from an utterance to an answer, a safe payment
/// or a checkout link. Joins the intent recognizer, the billing data and the payment gateway.
///
/// Construct one per process and share it; it is safe to call from many tasks. Turns of one
/// session run one at a time.
public final class Assistant: Sendable {
    public let billing: BillingStore
    public let tariffs: TariffTable
    public let recognizer: any IntentRecognizing
    public let gateway: any PaymentGatewayClient
    public let reminders: any ReminderPreferenceSink
    public let sessions: SessionStore
    public let cards: SavedCardStore
    public let tickets: TicketStore
    public let turns: TurnLog
    public let checkouts: CheckoutStore
    public let linkSigner: CheckoutLinkSigner
    public let renderer: ReplyRenderer
    public let clock: any WallClock
    public let logger: Logger
    /// Where checkout pages are served ("https://pay.example.com"), without a trailing slash.
    public let publicBaseURL: String
    public let configuration: AssistantConfiguration
    let facts: BillingDialogueFacts
    let sessionLocks = KeyedLock()
    /// New sessions since start; every 1,000th purges long-expired sessions.
    private let sessionsStarted = Atomic<Int>(0)

    /// Creates the assistant and its tables (sessions, turns, tickets, saved cards, checkouts).
    ///
    /// - Parameters:
    ///   - database: where the assistant's tables live (the shared PayAssist database).
    ///   - billing: customers, accounts, bills and payments.
    ///   - tariffs: the tariff table (`DemoFixtures.tariffs(in:)`).
    ///   - recognizer: the intent recognizer (`IntentEngineRecognizer(engine:)`).
    ///   - gateway: the payment gateway client (in-process `GatewayEngine` or `HTTPGatewayClient`).
    ///   - replies: the reply catalog (`ReplyCatalog.load(fixtures:)`).
    ///   - linkSigner: signs checkout links (`CheckoutLinkSigner(secret:)`).
    ///   - reminders: where reminder opt-ins go (the reminder scheduler's adapter).
    ///   - publicBaseURL: the base URL the checkout pages are reachable at.
    public init(database: Database, billing: BillingStore, tariffs: TariffTable, recognizer: any IntentRecognizing,
                gateway: any PaymentGatewayClient, replies: ReplyCatalog, linkSigner: CheckoutLinkSigner,
                reminders: any ReminderPreferenceSink, clock: any WallClock = SystemClock(), logger: Logger = .disabled,
                publicBaseURL: String, configuration: AssistantConfiguration = AssistantConfiguration()) throws {
        self.billing = billing
        self.tariffs = tariffs
        self.recognizer = recognizer
        self.gateway = gateway
        self.reminders = reminders
        self.clock = clock
        self.logger = logger
        self.linkSigner = linkSigner
        self.configuration = configuration
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        renderer = ReplyRenderer(catalog: replies)
        sessions = try SessionStore(database: database, clock: clock, timeout: configuration.sessionTimeout)
        cards = try SavedCardStore(database: database)
        tickets = try TicketStore(database: database)
        turns = try TurnLog(database: database)
        checkouts = try CheckoutStore(database: database)
        facts = BillingDialogueFacts(billing: billing, clock: clock, repeatWindow: configuration.repeatWindow)
    }

    /// Saves a test card at the gateway for every demo customer without one (call once at start-up).
    @discardableResult
    public func seedDemoCards(cardNumber: String = "4242424242424242") async throws -> Int {
        try await cards.seedDemoCards(billing: billing, gateway: gateway, cardNumber: cardNumber, now: clock.now())
    }

    /// Handles one customer turn.
    ///
    /// - Throws: `BillingError.customerNotFound`, `AssistantError` for an unknown or expired session
    ///   or empty/oversized input, and recognizer errors for unreadable input. Gateway failures are
    ///   replies, not errors.
    public func handle(_ turn: AssistantTurn) async throws -> AssistantReply {
        let started = ContinuousClock.now
        try validate(turn)
        guard let customer = try billing.customer(id: turn.customerID) else { throw BillingError.customerNotFound(String(turn.customerID.prefix(64))) }
        var session: AssistantSession
        if let id = turn.sessionID {
            session = try sessions.load(id: id, customerID: customer.id)
        } else {
            session = sessions.fresh(customerID: customer.id, channel: turn.channel, language: turn.language ?? customer.language)
            if sessionsStarted.wrappingAdd(1, ordering: .relaxed).newValue % 1_000 == 0 { try sessions.purgeExpired() }
        }
        return try await sessionLocks.withLock(session.id) {
            if turn.sessionID != nil { session = try sessions.load(id: session.id, customerID: customer.id) } // may have changed while waiting
            return try await handleLocked(turn, customer: customer, session: session, started: started)
        }
    }

    private func validate(_ turn: AssistantTurn) throws {
        let text = turn.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty && turn.hypotheses.isEmpty { throw AssistantError.emptyTurn }
        if text.count > configuration.maximumTextLength { throw AssistantError.textTooLong(configuration.maximumTextLength) }
        for hypothesis in turn.hypotheses {
            guard !hypothesis.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, hypothesis.text.count <= configuration.maximumTextLength,
                  (hypothesis.confidence ?? 1) >= 0, (hypothesis.confidence ?? 1) <= 1 else { throw AssistantError.invalidHypotheses }
        }
        if turn.hypotheses.count > 10 { throw AssistantError.invalidHypotheses }
    }

    private func handleLocked(_ turn: AssistantTurn, customer: Customer, session loaded: AssistantSession, started: ContinuousClock.Instant) async throws -> AssistantReply {
        var session = loaded
        let now = clock.now()
        let hint = session.state.languageChosenByCustomer ? session.state.language : turn.language
        let text = turn.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let recognition = try recognizer.recognize(text: text?.isEmpty == true ? nil : text, hypotheses: turn.hypotheses, language: hint,
                                                   awaiting: session.state.draft?.awaiting)
        var state = session.state
        updateLanguage(&state, recognition: recognition, turn: turn)
        state.remember(speaker: "customer", text: recognition.text, intent: recognition.intent.rawValue)

        let decision = try configuration.policy.decide(state: state, recognition: recognition, customerID: customer.id, facts: facts,
                                                       newDraftID: "pay_" + Crypto.randomToken(byteCount: 9))
        var context = TurnContext(customer: customer, session: session, channel: turn.channel, state: decision.state, outcome: decision.outcome, now: now)
        for step in decision.steps {
            switch step {
            case .say(let message): context.messages.append(message)
            case .answer(let intent, let slots): try await answer(intent, slots: slots, context: &context)
            case .askConfirmation: try await askConfirmation(&context)
            case .pay(let draft): try await pay(draft, context: &context)
            }
        }
        if turn.channel == .chat { addQuickReplies(&context) }

        let rendered = renderer.render(context.messages, language: context.state.language, channel: turn.channel,
                                       elderly: customer.isElderly, timeZone: TimeZone(identifier: customer.timeZone) ?? DemoFixtures.utilityTimeZone)
        context.state.remember(speaker: "assistant", text: rendered.text)
        context.state.turnCount += 1
        session.state = context.state
        session.lastActiveAt = now
        let elapsed = ContinuousClock.now - started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        // The session and its turn record are committed together: one write per turn.
        try sessions.database.transaction { _ in
            try sessions.save(session)
            try turns.record(sessionID: session.id, customerID: customer.id, channel: turn.channel, language: context.state.language,
                             text: recognition.text, intent: recognition.intent, confidence: recognition.confidence,
                             lowConfidence: !recognition.isConfident, actions: context.actions.map(\.type), outcome: context.outcome,
                             latencyMicroseconds: micros, at: now)
        }
        logger.info("assist turn", ["session": session.id, "intent": recognition.intent.rawValue, "outcome": context.outcome.rawValue])
        return AssistantReply(sessionID: session.id, turn: context.state.turnCount,
                              intent: .init(name: recognition.intent.rawValue, confidence: (recognition.confidence * 1000).rounded() / 1000),
                              language: context.state.language, slots: recognition.slots, reply: rendered, actions: context.actions,
                              awaiting: context.state.draft?.awaiting, outcome: context.outcome)
    }

    /// The reply language: the customer's explicit choice wins; otherwise what they speak or type
    /// (when the recognizer is sure and the turn has words), else the front end's hint or the profile.
    private func updateLanguage(_ state: inout DialogueState, recognition: Recognition, turn: AssistantTurn) {
        guard !state.languageChosenByCustomer else { return }
        let hasWords = recognition.text.unicodeScalars.contains { $0.properties.isAlphabetic }
        if recognition.isConfident, recognition.intent != .outOfScope, !recognition.intent.isDialogueControl, hasWords, let detected = recognition.language {
            state.language = detected
        } else if let hint = turn.language {
            state.language = hint
        }
    }

    /// Chat buttons for what the assistant waits for.
    private func addQuickReplies(_ context: inout TurnContext) {
        let language = context.state.language
        func label(_ key: String, _ values: [String: ReplyValue] = [:]) -> String {
            renderer.fill(key, values, language: language, timeZone: .gmt, ssml: false)
        }
        var options: [QuickReply] = []
        if let draft = context.state.draft {
            switch draft.awaiting {
            case .account:
                for number in draft.offeredAccounts {
                    let holder = (try? billing.account(number: number))?.maskedHolderName ?? ""
                    options.append(QuickReply(label: label("label_account", ["holder": .text(holder), "last4": .text(String(number.suffix(4)))]),
                                              text: label("label_pay_account_text", ["account": .text(number)])))
                }
            case .amount:
                if let due = draft.offeredAmount {
                    options.append(QuickReply(label: label("label_pay_due", ["due": .money(due)]), text: label("label_pay_amount_text", ["value": .text(due.decimalString)])))
                }
            case .confirmation:
                options.append(QuickReply(label: label("label_confirm"), text: label("label_confirm_text")))
            }
            options.append(QuickReply(label: label("label_cancel"), text: label("label_cancel_text")))
        } else if let bill = context.messages.first(where: { $0.key == "bill_due" }), case .money(let due)? = bill.values["due"],
                  case .account(let number)? = bill.values["account"] {
            // After a bill answer in chat: one tap to pay it.
            options = [QuickReply(label: label("label_pay_due", ["due": .money(due)]),
                                  text: label("label_pay_account_text", ["account": .text(number)]))]
        } else if context.messages.contains(where: { $0.key == "help" || $0.key == "nothing_to_confirm" || $0.key == "out_of_scope" || $0.key == "not_understood" }) {
            options = [QuickReply(label: label("label_pay_bill"), text: label("label_pay_bill")),
                       QuickReply(label: label("label_query_bill"), text: label("label_query_bill")),
                       QuickReply(label: label("label_usage"), text: label("label_usage")),
                       QuickReply(label: label("label_agent"), text: label("label_agent"))]
        }
        if !options.isEmpty { context.actions.append(.quickReplies(options)) }
    }
}

/// What one turn has produced so far while its steps run.
struct TurnContext {
    let customer: Customer
    let session: AssistantSession
    let channel: AssistantChannel
    var state: DialogueState
    var outcome: TurnOutcome
    let now: Date
    var messages: [ReplyMessage] = []
    var actions: [AssistantAction] = []

    init(customer: Customer, session: AssistantSession, channel: AssistantChannel, state: DialogueState, outcome: TurnOutcome, now: Date) {
        self.customer = customer
        self.session = session
        self.channel = channel
        self.state = state
        self.outcome = outcome
        self.now = now
    }
}

extension Assistant {
    /// The one-call set-up for `payassist serve`: loads the tariff table and the reply catalog from
    /// the Fixtures folder, signs links with `linkSecret` (a random key when nil: links then do not
    /// survive a restart) and creates the assistant's tables.
    ///
    /// - Parameters:
    ///   - fixtures: the Fixtures/ folder (`ProjectLayout.folder("Fixtures")`).
    ///   - linkSecret: the checkout-link HMAC key, at least 32 bytes (e.g. from PAYASSIST_LINK_SECRET).
    public convenience init(database: Database, billing: BillingStore, fixtures: URL, recognizer: any IntentRecognizing,
                            gateway: any PaymentGatewayClient, reminders: any ReminderPreferenceSink, linkSecret: [UInt8]?,
                            clock: any WallClock = SystemClock(), logger: Logger = .disabled, publicBaseURL: String,
                            configuration: AssistantConfiguration = AssistantConfiguration()) throws {
        try self.init(database: database, billing: billing, tariffs: DemoFixtures.tariffs(in: fixtures), recognizer: recognizer, gateway: gateway,
                      replies: ReplyCatalog.load(fixtures: fixtures), linkSigner: linkSecret.map(CheckoutLinkSigner.init(secret:)) ?? .random(),
                      reminders: reminders, clock: clock, logger: logger, publicBaseURL: publicBaseURL, configuration: configuration)
    }
}
