import Foundation
import PayAssistCore
import Storage

/// One checkout: the row behind a signed link. `open` until paid; `paid` makes the link single-use.
public struct CheckoutRecord: Sendable, Equatable {
    /// `open` until paid; `verifying` while the bank's challenge is pending; `paid` uses the link up.
    public enum Status: String, Sendable { case open, verifying, paid }

    public let id: String
    public let customerID: String
    public let accountNumber: String
    /// The prefilled amount (CNY).
    public let amount: Money
    public let language: Language
    public let sessionID: String?
    public let expiresAt: Date
    public var status: Status
    /// Attempts that ended in a decline; the next attempt uses a new idempotency key.
    public var attempt: Int
    /// The gateway payment of the current attempt, if any.
    public var paymentID: String?
    /// The amount actually paid.
    public var paidAmount: Money?

    /// The gateway idempotency key of the current attempt: one per checkout and attempt, so a
    /// double tap (same attempt) charges once.
    public var idempotencyKey: String { "checkout-\(id)-\(attempt)" }
}

/// Checkouts in SQLite (`assistant_checkouts`).
public struct CheckoutStore: Sendable {
    public let database: Database

    public static let migrations: [Migration] = [
        Migration(id: "assistant.005.checkouts", sql: """
            CREATE TABLE assistant_checkouts (
                id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, account_number TEXT NOT NULL, amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL, language TEXT NOT NULL, session_id TEXT, created_at REAL NOT NULL, expires_at REAL NOT NULL,
                status TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0, payment_id TEXT, paid_minor INTEGER, updated_at REAL NOT NULL
            );
            """),
    ]

    /// Opens the store, applying its migration.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(CheckoutStore.migrations)
    }

    /// Creates an open checkout.
    public func create(customerID: String, accountNumber: String, amount: Money, language: Language, sessionID: String?, now: Date, lifetime: TimeInterval) throws -> CheckoutRecord {
        let record = CheckoutRecord(id: "chk_" + Crypto.randomToken(byteCount: 12), customerID: customerID, accountNumber: accountNumber, amount: amount,
                                    language: language, sessionID: sessionID, expiresAt: now.addingTimeInterval(lifetime), status: .open, attempt: 0)
        try database.execute("""
            INSERT INTO assistant_checkouts (id, customer_id, account_number, amount_minor, currency, language, session_id, created_at, expires_at, status, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)
            """, [.text(record.id), .text(customerID), .text(accountNumber), .integer(amount.minorUnits), .text(amount.currency.code),
                  .text(language.rawValue), .text(sessionID), .real(now.timeIntervalSince1970), .real(record.expiresAt.timeIntervalSince1970),
                  .real(now.timeIntervalSince1970)])
        return record
    }

    /// A checkout by id.
    public func checkout(id: String) throws -> CheckoutRecord? {
        guard let row = try database.query("SELECT * FROM assistant_checkouts WHERE id = ?", [.text(id)]).first,
              let currency = Currency(code: row.string("currency") ?? ""), let status = CheckoutRecord.Status(rawValue: row.string("status") ?? "") else { return nil }
        return CheckoutRecord(id: id, customerID: row.string("customer_id") ?? "", accountNumber: row.string("account_number") ?? "",
                              amount: Money(minorUnits: row.int64("amount_minor") ?? 0, currency: currency),
                              language: Language(tag: row.string("language") ?? "") ?? .en, sessionID: row.string("session_id"),
                              expiresAt: Date(timeIntervalSince1970: row.double("expires_at") ?? 0), status: status, attempt: row.int("attempt") ?? 0,
                              paymentID: row.string("payment_id"), paidAmount: row.int64("paid_minor").map { Money(minorUnits: $0, currency: currency) })
    }

    /// An open checkout of this customer for the same account and amount, created since `since` and
    /// valid for at least another minute: a repeated request gets the same link back.
    public func openCheckout(customerID: String, accountNumber: String, amount: Money, since: Date, now: Date) throws -> CheckoutRecord? {
        let sql = "SELECT id FROM assistant_checkouts WHERE customer_id = ? AND account_number = ? AND amount_minor = ? AND currency = ? "
            + "AND status = 'open' AND created_at >= ? AND expires_at > ? ORDER BY created_at DESC LIMIT 1"
        guard let id = try database.query(sql, [.text(customerID), .text(accountNumber), .integer(amount.minorUnits), .text(amount.currency.code),
                                                .real(since.timeIntervalSince1970), .real(now.timeIntervalSince1970 + 60)]).first?.string("id") else { return nil }
        return try checkout(id: id)
    }

    /// Writes a checkout's status, attempt, payment and paid amount.
    public func update(_ record: CheckoutRecord, now: Date) throws {
        try database.execute("UPDATE assistant_checkouts SET status = ?, attempt = ?, payment_id = ?, paid_minor = ?, updated_at = ? WHERE id = ?",
                             [.text(record.status.rawValue), .int(record.attempt), .text(record.paymentID),
                              record.paidAmount.map { .integer($0.minorUnits) } ?? .null, .real(now.timeIntervalSince1970), .text(record.id)])
    }
}
