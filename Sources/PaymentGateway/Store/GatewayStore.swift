import Foundation
import PayAssistCore
import Storage

/// The gateway's SQLite tables and the row mapping for them. Only card summaries are stored:
/// never a card number or a CVC. Callers compose these calls inside one `Database.transaction`.
public final class GatewayStore: Sendable {
    /// The database the gateway owns its `gateway_*` tables in.
    public let database: Database

    /// Opens the store on `database`, applying the gateway's migrations.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(GatewayStore.migrations)
    }

    /// The schema, versioned.
    public static let migrations: [Migration] = [
        Migration(id: "gateway.001.create_tables", sql: """
            CREATE TABLE gateway_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE gateway_cards (
                token TEXT PRIMARY KEY, network TEXT NOT NULL, last4 TEXT NOT NULL,
                exp_month INTEGER NOT NULL, exp_year INTEGER NOT NULL, outcome TEXT NOT NULL, created INTEGER NOT NULL);
            CREATE TABLE gateway_quotes (
                id TEXT PRIMARY KEY, amount INTEGER NOT NULL, currency TEXT NOT NULL,
                payer_amount INTEGER NOT NULL, payer_currency TEXT NOT NULL, fee INTEGER NOT NULL,
                rate TEXT NOT NULL, rates_as_of TEXT NOT NULL, created INTEGER NOT NULL, expires_at INTEGER NOT NULL);
            CREATE TABLE gateway_payments (
                id TEXT PRIMARY KEY, status TEXT NOT NULL, amount INTEGER NOT NULL CHECK (amount > 0), currency TEXT NOT NULL,
                reference TEXT NOT NULL, payer_amount INTEGER NOT NULL, payer_currency TEXT NOT NULL, fee INTEGER NOT NULL,
                rate TEXT NOT NULL, quote_id TEXT, network TEXT NOT NULL, last4 TEXT NOT NULL, exp_month INTEGER NOT NULL,
                exp_year INTEGER NOT NULL, card_token TEXT, amount_refunded INTEGER NOT NULL DEFAULT 0
                    CHECK (amount_refunded >= 0 AND amount_refunded <= amount),
                next_action_url TEXT, failure_code TEXT, decline_code TEXT, settle_at INTEGER,
                created INTEGER NOT NULL, updated INTEGER NOT NULL);
            CREATE TABLE gateway_refunds (
                id TEXT PRIMARY KEY, payment_id TEXT NOT NULL REFERENCES gateway_payments(id),
                amount INTEGER NOT NULL CHECK (amount > 0), created INTEGER NOT NULL);
            CREATE TABLE gateway_events (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                payment_id TEXT NOT NULL, payload TEXT NOT NULL, created INTEGER NOT NULL);
            CREATE TABLE gateway_idempotency (
                key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, answer TEXT NOT NULL, created INTEGER NOT NULL);
            CREATE INDEX gateway_idempotency_created ON gateway_idempotency(created);
            """),
    ]

    // MARK: Settings

    /// The secret that keys request fingerprints (HMAC-SHA-256), created once per database.
    func fingerprintKey() throws -> [UInt8] {
        try database.transaction { connection in
            if let row = try connection.queryOne("SELECT value FROM gateway_settings WHERE name = 'fingerprint_key'"),
               let hex = row.string("value"), let bytes = Crypto.bytes(fromHex: hex) {
                return bytes
            }
            let bytes = Crypto.randomBytes(32)
            try connection.execute("INSERT INTO gateway_settings (name, value) VALUES ('fingerprint_key', ?)", [.text(Crypto.hex(bytes))])
            return bytes
        }
    }

    /// A named value kept in the gateway's settings table (webhook cursor, ...); nil when unset.
    public func setting(_ name: String) throws -> String? {
        try database.query("SELECT value FROM gateway_settings WHERE name = ?", [.text(name)]).first?.string("value")
    }

    /// Sets a named value in the gateway's settings table.
    public func setSetting(_ name: String, to value: String) throws {
        try database.execute("INSERT INTO gateway_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                             [.text(name), .text(value)])
    }

    // MARK: Idempotency

    /// A stored answer for an idempotency key.
    struct StoredAnswer {
        let fingerprint: String
        let answer: String
        let created: Int64
    }

    func storedAnswer(key: String, in connection: SQLiteConnection) throws -> StoredAnswer? {
        guard let row = try connection.queryOne("SELECT fingerprint, answer, created FROM gateway_idempotency WHERE key = ?", [.text(key)]),
              let fingerprint = row.string("fingerprint"), let answer = row.string("answer") else { return nil }
        return StoredAnswer(fingerprint: fingerprint, answer: answer, created: row.int64("created") ?? 0)
    }

    func storeAnswer(key: String, fingerprint: String, answer: String, now: Int64, in connection: SQLiteConnection) throws {
        try connection.execute("INSERT INTO gateway_idempotency (key, fingerprint, answer, created) VALUES (?, ?, ?, ?)",
                               [.text(key), .text(fingerprint), .text(answer), .integer(now)])
    }

    /// Deletes keys older than `cutoff` (Unix seconds); returns how many.
    func purgeIdempotencyKeys(createdBefore cutoff: Int64) throws -> Int {
        try database.execute("DELETE FROM gateway_idempotency WHERE created < ?", [.integer(cutoff)])
    }

    // MARK: Cards

    func insertCard(_ token: CardToken, outcome: TestCardOutcome, in connection: SQLiteConnection) throws {
        try connection.execute("""
            INSERT INTO gateway_cards (token, network, last4, exp_month, exp_year, outcome, created) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(token.token), .text(token.card.network.rawValue), .text(token.card.last4),
                  .int(token.card.expiry.month), .int(token.card.expiry.year), .text(outcome.storageName), .integer(token.created)])
    }

    func card(token: String) throws -> (CardToken, TestCardOutcome)? {
        guard let row = try database.query("SELECT * FROM gateway_cards WHERE token = ?", [.text(token)]).first,
              let network = row.string("network").flatMap(CardNetwork.init(rawValue:)),
              let outcome = row.string("outcome").flatMap(TestCardOutcome.init(storageName:)) else { return nil }
        let summary = CardSummary(network: network, last4: row.string("last4") ?? "",
                                  expiry: CardExpiry(month: row.int("exp_month") ?? 0, year: row.int("exp_year") ?? 0))
        return (CardToken(token: token, card: summary, created: row.int64("created") ?? 0), outcome)
    }

    // MARK: Quotes

    func insertQuote(_ quote: Quote) throws {
        try database.execute("""
            INSERT INTO gateway_quotes (id, amount, currency, payer_amount, payer_currency, fee, rate, rates_as_of, created, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(quote.id), .integer(quote.amount.minorUnits), .text(quote.amount.currency.code),
                  .integer(quote.payerAmount.minorUnits), .text(quote.payerAmount.currency.code), .integer(quote.fee.minorUnits),
                  .text(quote.rate), .text(quote.ratesAsOf), .integer(quote.created), .integer(quote.expiresAt)])
    }

    func quote(id: String) throws -> Quote? {
        guard let row = try database.query("SELECT * FROM gateway_quotes WHERE id = ?", [.text(id)]).first,
              let currency = row.string("currency").flatMap(Currency.init(code:)),
              let payerCurrency = row.string("payer_currency").flatMap(Currency.init(code:)) else { return nil }
        return Quote(id: id, amount: Money(minorUnits: row.int64("amount") ?? 0, currency: currency),
                     payerAmount: Money(minorUnits: row.int64("payer_amount") ?? 0, currency: payerCurrency),
                     fee: Money(minorUnits: row.int64("fee") ?? 0, currency: payerCurrency),
                     rate: row.string("rate") ?? "", ratesAsOf: row.string("rates_as_of") ?? "",
                     created: row.int64("created") ?? 0, expiresAt: row.int64("expires_at") ?? 0)
    }

    // MARK: Payments

    func insertPayment(_ payment: Payment, settleAt: Int64?, in connection: SQLiteConnection) throws {
        try connection.execute("""
            INSERT INTO gateway_payments (id, status, amount, currency, reference, payer_amount, payer_currency, fee, rate, quote_id,
                network, last4, exp_month, exp_year, card_token, amount_refunded, next_action_url, failure_code, decline_code,
                settle_at, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(payment.id), .text(payment.status.rawValue), .integer(payment.amount.minorUnits), .text(payment.amount.currency.code),
                  .text(payment.reference), .integer(payment.payerAmount.minorUnits), .text(payment.payerAmount.currency.code),
                  .integer(payment.fee.minorUnits), .text(payment.rate), .text(payment.quoteID), .text(payment.card.network.rawValue),
                  .text(payment.card.last4), .int(payment.card.expiry.month), .int(payment.card.expiry.year), .text(payment.cardToken),
                  .integer(payment.amountRefunded.minorUnits), .text(payment.nextAction?.url), .text(payment.failure?.code),
                  .text(payment.failure?.declineCode), .int(settleAt), .integer(payment.created), .integer(payment.updated)])
    }

    /// Writes a payment's new state; `expected` guards against a concurrent change.
    func updatePayment(_ payment: Payment, from expected: PaymentState, in connection: SQLiteConnection) throws {
        let changed = try connection.execute("""
            UPDATE gateway_payments SET status = ?, amount_refunded = ?, next_action_url = ?, failure_code = ?, decline_code = ?,
                settle_at = NULL, updated = ? WHERE id = ? AND status = ?
            """, [.text(payment.status.rawValue), .integer(payment.amountRefunded.minorUnits), .text(payment.nextAction?.url),
                  .text(payment.failure?.code), .text(payment.failure?.declineCode), .integer(payment.updated),
                  .text(payment.id), .text(expected.rawValue)])
        precondition(changed == 1, "payment state changed under the lock")
    }

    func insertRefund(id: String, paymentID: String, amount: Int64, now: Int64, in connection: SQLiteConnection) throws {
        try connection.execute("INSERT INTO gateway_refunds (id, payment_id, amount, created) VALUES (?, ?, ?, ?)",
                               [.text(id), .text(paymentID), .integer(amount), .integer(now)])
    }

    /// The payment and, when it is processing, the second it settles.
    func payment(id: String, in connection: SQLiteConnection) throws -> (Payment, settleAt: Int64?)? {
        guard let row = try connection.queryOne("SELECT * FROM gateway_payments WHERE id = ?", [.text(id)]) else { return nil }
        return (try GatewayStore.payment(from: row), row.int64("settle_at"))
    }

    static func payment(from row: SQLiteRow) throws -> Payment {
        guard let status = row.string("status").flatMap(PaymentState.init(rawValue:)),
              let currency = row.string("currency").flatMap(Currency.init(code:)),
              let payerCurrency = row.string("payer_currency").flatMap(Currency.init(code:)),
              let network = row.string("network").flatMap(CardNetwork.init(rawValue:)),
              let id = row.string("id") else {
            throw StorageError(resultCode: 11, message: "corrupt gateway_payments row")
        }
        let failure = row.string("failure_code").map { PaymentFailure(code: $0, declineCode: row.string("decline_code")) }
        return Payment(
            id: id, status: status, amount: Money(minorUnits: row.int64("amount") ?? 0, currency: currency),
            reference: row.string("reference") ?? "",
            payerAmount: Money(minorUnits: row.int64("payer_amount") ?? 0, currency: payerCurrency),
            fee: Money(minorUnits: row.int64("fee") ?? 0, currency: payerCurrency), rate: row.string("rate") ?? "",
            quoteID: row.string("quote_id"),
            card: CardSummary(network: network, last4: row.string("last4") ?? "",
                              expiry: CardExpiry(month: row.int("exp_month") ?? 0, year: row.int("exp_year") ?? 0)),
            cardToken: row.string("card_token"),
            amountRefunded: Money(minorUnits: row.int64("amount_refunded") ?? 0, currency: currency),
            nextAction: row.string("next_action_url").map { NextAction(type: "three_d_secure", url: $0) },
            failure: failure, created: row.int64("created") ?? 0, updated: row.int64("updated") ?? 0)
    }

    /// How many payments each status has (for benchmarks and health checks).
    public func paymentCounts() throws -> [PaymentState: Int] {
        var counts: [PaymentState: Int] = [:]
        for row in try database.query("SELECT status, COUNT(*) AS n FROM gateway_payments GROUP BY status") {
            if let state = row.string("status").flatMap(PaymentState.init(rawValue:)) { counts[state] = row.int("n") ?? 0 }
        }
        return counts
    }

    /// How many payments carry `reference` (benchmarks check "charged exactly once" with it).
    public func paymentCount(reference: String) throws -> Int {
        try database.query("SELECT COUNT(*) AS n FROM gateway_payments WHERE reference = ?", [.text(reference)]).first?.int("n") ?? 0
    }

    // MARK: Events

    func appendEvent(_ payment: Payment, now: Int64, in connection: SQLiteConnection) throws {
        let payload = String(decoding: try GatewayStore.encoder.encode(payment), as: UTF8.self)
        try connection.execute("INSERT INTO gateway_events (id, type, payment_id, payload, created) VALUES (?, ?, ?, ?, ?)",
                               [.text("evt_" + Crypto.hex(Crypto.randomBytes(12))), .text("payment." + payment.status.rawValue),
                                .text(payment.id), .text(payload), .integer(now)])
    }

    func events(after sequence: Int64, limit: Int) throws -> [GatewayEvent] {
        try database.query("SELECT * FROM gateway_events WHERE sequence > ? ORDER BY sequence LIMIT ?",
                           [.integer(sequence), .int(limit)]).map { row in
            let payment = try GatewayStore.decoder.decode(Payment.self, from: Data((row.string("payload") ?? "").utf8))
            return GatewayEvent(sequence: row.int64("sequence") ?? 0, id: row.string("id") ?? "", type: row.string("type") ?? "",
                                payment: payment, created: row.int64("created") ?? 0)
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static var decoder: JSONDecoder { JSONDecoder() }
}
