import Foundation
import PayAssistCore
import Storage
import Synchronization

/// Customers, accounts, links, bills and payments in SQLite. The one place billing data is read
/// and written; every write is one transaction.
public final class BillingStore: Sendable {
    /// The database the store lives in (shared with other capabilities, each with its own tables).
    public let database: Database
    private let observers = Mutex<[@Sendable (BillingChange) -> Void]>([])

    /// Opens the store, applying its migrations.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(BillingStore.migrations)
    }

    /// The billing schema, in order.
    public static let migrations: [Migration] = [
        Migration(id: "billing.001.create", sql: """
            CREATE TABLE customers (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL, language TEXT NOT NULL,
                time_zone TEXT NOT NULL, country TEXT NOT NULL, tags TEXT NOT NULL, card_currency TEXT
            );
            CREATE TABLE accounts (
                number TEXT PRIMARY KEY CHECK (length(number) = 10), holder_name TEXT NOT NULL,
                address TEXT NOT NULL, district TEXT NOT NULL
            );
            CREATE TABLE account_links (
                customer_id TEXT NOT NULL REFERENCES customers(id), account_number TEXT NOT NULL REFERENCES accounts(number),
                relation TEXT NOT NULL, PRIMARY KEY (customer_id, account_number)
            );
            CREATE INDEX account_links_by_account ON account_links(account_number);
            CREATE TABLE bills (
                id TEXT PRIMARY KEY, account_number TEXT NOT NULL REFERENCES accounts(number), period TEXT NOT NULL,
                kwh INTEGER NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, paid_minor INTEGER NOT NULL DEFAULT 0,
                issued_on TEXT NOT NULL, due_date TEXT NOT NULL, tiers_json TEXT NOT NULL,
                UNIQUE (account_number, period)
            );
            CREATE TABLE bill_payments (
                id TEXT PRIMARY KEY, account_number TEXT NOT NULL REFERENCES accounts(number), amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL, reference TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, customer_id TEXT, paid_at TEXT NOT NULL
            );
            CREATE INDEX bill_payments_by_account ON bill_payments(account_number, paid_at);
            """),
    ]

    // MARK: Observing changes

    /// Registers a callback run after every committed change (on the writer's thread; keep it quick).
    public func onChange(_ observer: @escaping @Sendable (BillingChange) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    private func notify(_ change: BillingChange) {
        for observer in observers.withLock({ $0 }) { observer(change) }
    }

    // MARK: Customers and accounts

    /// Inserts or replaces a customer.
    public func upsert(_ customer: Customer) throws {
        try database.execute("""
            INSERT OR REPLACE INTO customers (id, name, phone, language, time_zone, country, tags, card_currency)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(customer.id), .text(customer.name), .text(customer.phone), .text(customer.language.rawValue),
                  .text(customer.timeZone), .text(customer.country), .text(customer.tags.joined(separator: ",")), .text(customer.cardCurrency?.code)])
    }

    /// Inserts or replaces an account.
    public func upsert(_ account: ElectricityAccount) throws {
        guard ElectricityAccount.isValidNumber(account.number) else { throw BillingError.invalidAccountNumber(account.number) }
        try database.execute("INSERT OR REPLACE INTO accounts (number, holder_name, address, district) VALUES (?, ?, ?, ?)",
                             [.text(account.number), .text(account.holderName), .text(account.address), .text(account.district)])
    }

    /// Links a customer to an account (idempotent).
    public func link(_ link: AccountLink) throws {
        try database.execute("INSERT OR REPLACE INTO account_links (customer_id, account_number, relation) VALUES (?, ?, ?)",
                             [.text(link.customerID), .text(link.accountNumber), .text(link.relation.rawValue)])
    }

    static func customer(from row: SQLiteRow) -> Customer? {
        guard let id = row.string("id"), let language = Language(tag: row.string("language") ?? "") else { return nil }
        let tags = (row.string("tags") ?? "").split(separator: ",").map(String.init)
        return Customer(id: id, name: row.string("name") ?? "", phone: row.string("phone") ?? "", language: language,
                        timeZone: row.string("time_zone") ?? "Asia/Shanghai", country: row.string("country") ?? "CN",
                        tags: tags, cardCurrency: row.string("card_currency").flatMap { Currency(code: $0) })
    }

    static func account(from row: SQLiteRow) -> ElectricityAccount {
        ElectricityAccount(number: row.string("number") ?? "", holderName: row.string("holder_name") ?? "",
                           address: row.string("address") ?? "", district: row.string("district") ?? "")
    }

    /// The customer with this id, or nil.
    public func customer(id: String) throws -> Customer? {
        try database.query("SELECT * FROM customers WHERE id = ?", [.text(id)]).first.flatMap(BillingStore.customer(from:))
    }

    /// Every customer, by id.
    public func allCustomers() throws -> [Customer] {
        try database.query("SELECT * FROM customers ORDER BY id").compactMap(BillingStore.customer(from:))
    }

    /// Number of customers (0 means the database is empty and may be seeded).
    public func customerCount() throws -> Int {
        try database.query("SELECT count(*) AS n FROM customers").first?.int("n") ?? 0
    }

    /// The account with this number, or nil.
    public func account(number: String) throws -> ElectricityAccount? {
        try database.query("SELECT * FROM accounts WHERE number = ?", [.text(number)]).first.map(BillingStore.account(from:))
    }

    /// The accounts a customer is linked to, owner links first.
    public func linkedAccounts(customerID: String) throws -> [ElectricityAccount] {
        try database.query("""
            SELECT a.* FROM accounts a JOIN account_links l ON l.account_number = a.number
            WHERE l.customer_id = ? ORDER BY l.relation = 'owner' DESC, a.number
            """, [.text(customerID)]).map(BillingStore.account(from:))
    }

    /// The customers linked to an account (holder and family).
    public func linkedCustomers(accountNumber: String) throws -> [Customer] {
        try database.query("""
            SELECT c.* FROM customers c JOIN account_links l ON l.customer_id = c.id
            WHERE l.account_number = ? ORDER BY l.relation = 'owner' DESC, c.id
            """, [.text(accountNumber)]).compactMap(BillingStore.customer(from:))
    }

    /// Every link, for schedulers that fan reminders out to family members.
    public func allLinks() throws -> [AccountLink] {
        try database.query("SELECT * FROM account_links ORDER BY customer_id, account_number").compactMap { row in
            guard let customer = row.string("customer_id"), let account = row.string("account_number"),
                  let relation = AccountLink.Relation(rawValue: row.string("relation") ?? "") else { return nil }
            return AccountLink(customerID: customer, accountNumber: account, relation: relation)
        }
    }

    /// True when the customer may read the account's bills, usage and payments.
    public func isLinked(customerID: String, accountNumber: String) throws -> Bool {
        try !database.query("SELECT 1 AS x FROM account_links WHERE customer_id = ? AND account_number = ?",
                            [.text(customerID), .text(accountNumber)]).isEmpty
    }

    // MARK: Bills

    /// Inserts or replaces a bill.
    public func upsert(_ bill: Bill) throws {
        let tiers = String(decoding: try JSONEncoder().encode(bill.tiers), as: UTF8.self)
        try database.execute("""
            INSERT OR REPLACE INTO bills (id, account_number, period, kwh, amount_minor, currency, paid_minor, issued_on, due_date, tiers_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(bill.id), .text(bill.accountNumber), .text(bill.period.description), .int(bill.kWh),
                  .integer(bill.amount.minorUnits), .text(bill.amount.currency.code), .integer(bill.paidAmount.minorUnits),
                  .text(bill.issuedOn.description), .text(bill.dueDate.description), .text(tiers)])
    }

    static func bill(from row: SQLiteRow) -> Bill? {
        guard let id = row.string("id"), let account = row.string("account_number"),
              let period = YearMonth(row.string("period") ?? ""), let currency = Currency(code: row.string("currency") ?? ""),
              let issued = LocalDate(row.string("issued_on") ?? ""), let due = LocalDate(row.string("due_date") ?? "") else { return nil }
        let tiers = (try? JSONDecoder().decode([TierCharge].self, from: Data((row.string("tiers_json") ?? "[]").utf8))) ?? []
        return Bill(id: id, accountNumber: account, period: period, kWh: row.int("kwh") ?? 0,
                    amount: Money(minorUnits: row.int64("amount_minor") ?? 0, currency: currency),
                    paidAmount: Money(minorUnits: row.int64("paid_minor") ?? 0, currency: currency),
                    issuedOn: issued, dueDate: due, tiers: tiers)
    }

    /// An account's bills, newest period first.
    public func bills(accountNumber: String, limit: Int = 24) throws -> [Bill] {
        try database.query("SELECT * FROM bills WHERE account_number = ? ORDER BY period DESC LIMIT ?",
                           [.text(accountNumber), .int(limit)]).compactMap(BillingStore.bill(from:))
    }

    /// The bill of one period, if any.
    public func bill(accountNumber: String, period: YearMonth) throws -> Bill? {
        try database.query("SELECT * FROM bills WHERE account_number = ? AND period = ?",
                           [.text(accountNumber), .text(period.description)]).first.flatMap(BillingStore.bill(from:))
    }

    /// An account's unpaid bills, oldest first.
    public func unpaidBills(accountNumber: String) throws -> [Bill] {
        try database.query("SELECT * FROM bills WHERE account_number = ? AND paid_minor < amount_minor ORDER BY period",
                           [.text(accountNumber)]).compactMap(BillingStore.bill(from:))
    }

    /// Every unpaid bill of every account, oldest first (for reminder schedules).
    public func allUnpaidBills() throws -> [Bill] {
        try database.query("SELECT * FROM bills WHERE paid_minor < amount_minor ORDER BY account_number, period").compactMap(BillingStore.bill(from:))
    }

    /// What an account owes now: the sum of its unpaid bills (zero CNY when nothing is owed).
    public func amountDue(accountNumber: String) throws -> Money {
        let unpaid = try unpaidBills(accountNumber: accountNumber)
        return unpaid.reduce(Money.zero(.cny)) { $0 + $1.outstanding }
    }

    /// Tells observers that bills were added or replaced.
    public func billsDidChange() { notify(.billsChanged) }

    // MARK: Payments

    /// Records money received for an account and applies it to the oldest unpaid bills, in one
    /// transaction. Recording the same `reference` again returns the first record and changes nothing.
    ///
    /// - Throws: `BillingError.accountNotFound`, `.invalidAmount` for a non-positive or non-CNY amount.
    @discardableResult
    public func recordPayment(accountNumber: String, amount: Money, reference: String, channel: String, customerID: String?, paidAt: Date) throws -> BillPayment {
        guard amount.minorUnits > 0 else { throw BillingError.invalidAmount("must be positive") }
        guard amount.currency == .cny else { throw BillingError.invalidAmount("bills are paid in CNY") }
        let (payment, isNew) = try database.transaction { connection -> (BillPayment, Bool) in
            if let existing = try connection.queryOne("SELECT * FROM bill_payments WHERE reference = ?", [.text(reference)]),
               let payment = BillingStore.payment(from: existing) {
                return (payment, false)
            }
            guard try connection.queryOne("SELECT number FROM accounts WHERE number = ?", [.text(accountNumber)]) != nil else {
                throw BillingError.accountNotFound(accountNumber)
            }
            let payment = BillPayment(id: "bp_" + Crypto.randomToken(byteCount: 9), accountNumber: accountNumber, amount: amount,
                                      reference: reference, channel: channel, customerID: customerID, paidAt: paidAt)
            try connection.execute("""
                INSERT INTO bill_payments (id, account_number, amount_minor, currency, reference, channel, customer_id, paid_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(payment.id), .text(accountNumber), .integer(amount.minorUnits), .text(amount.currency.code),
                      .text(reference), .text(channel), .text(customerID), .text(BillingStore.timestamp(paidAt))])
            var remaining = amount.minorUnits
            for row in try connection.query("SELECT id, amount_minor, paid_minor FROM bills WHERE account_number = ? AND paid_minor < amount_minor ORDER BY period", [.text(accountNumber)]) {
                guard remaining > 0, let id = row.string("id") else { break }
                let owed = (row.int64("amount_minor") ?? 0) - (row.int64("paid_minor") ?? 0)
                let applied = min(owed, remaining)
                remaining -= applied
                try connection.execute("UPDATE bills SET paid_minor = paid_minor + ? WHERE id = ?", [.integer(applied), .text(id)])
            }
            return (payment, true)
        }
        if isNew { notify(.paymentRecorded(accountNumber: accountNumber)) }
        return payment
    }

    /// An account's payments, newest first.
    public func payments(accountNumber: String, limit: Int = 20) throws -> [BillPayment] {
        try database.query("SELECT * FROM bill_payments WHERE account_number = ? ORDER BY paid_at DESC LIMIT ?",
                           [.text(accountNumber), .int(limit)]).compactMap(BillingStore.payment(from:))
    }

    /// The payment recorded for a gateway reference, if any.
    public func payment(reference: String) throws -> BillPayment? {
        try database.query("SELECT * FROM bill_payments WHERE reference = ?", [.text(reference)]).first.flatMap(BillingStore.payment(from:))
    }

    static func payment(from row: SQLiteRow) -> BillPayment? {
        guard let id = row.string("id"), let account = row.string("account_number"), let currency = Currency(code: row.string("currency") ?? ""),
              let reference = row.string("reference"), let paidAt = parseTimestamp(row.string("paid_at") ?? "") else { return nil }
        return BillPayment(id: id, accountNumber: account, amount: Money(minorUnits: row.int64("amount_minor") ?? 0, currency: currency),
                           reference: reference, channel: row.string("channel") ?? "", customerID: row.string("customer_id"), paidAt: paidAt)
    }

    /// Timestamps are stored as ISO 8601 UTC with milliseconds, which sort as text.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parseTimestamp(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
