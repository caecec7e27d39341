import Billing
import Foundation
import PaymentGateway
import PayAssistCore
import Storage

/// A customer's saved card: the gateway token and what may be shown about the card. Never the number.
public struct SavedCard: Sendable, Equatable {
    public let customerID: String
    /// The gateway's "card_..." token.
    public let token: String
    public let network: String
    public let last4: String
    /// The currency the card is billed in (the customer's card currency, CNY by default).
    public let currency: Currency
}

/// Saved cards per customer (`customer_cards`), so a confirmed voice request pays without a card
/// number being read aloud.
public struct SavedCardStore: Sendable {
    public let database: Database

    public static let migrations: [Migration] = [
        Migration(id: "assistant.002.customer_cards", sql: """
            CREATE TABLE customer_cards (
                customer_id TEXT PRIMARY KEY, card_token TEXT NOT NULL, network TEXT NOT NULL, last4 TEXT NOT NULL,
                currency TEXT NOT NULL, created_at REAL NOT NULL
            );
            """),
    ]

    /// Opens the store, applying its migration.
    public init(database: Database) throws {
        self.database = database
        try database.migrate(SavedCardStore.migrations)
    }

    /// The customer's saved card, if any.
    public func card(customerID: String) throws -> SavedCard? {
        guard let row = try database.query("SELECT * FROM customer_cards WHERE customer_id = ?", [.text(customerID)]).first,
              let token = row.string("card_token"), let currency = Currency(code: row.string("currency") ?? "") else { return nil }
        return SavedCard(customerID: customerID, token: token, network: row.string("network") ?? "", last4: row.string("last4") ?? "", currency: currency)
    }

    /// Stores (or replaces) a customer's saved card token.
    public func save(customerID: String, token: CardToken, currency: Currency, at instant: Date) throws {
        try database.execute("INSERT OR REPLACE INTO customer_cards (customer_id, card_token, network, last4, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [.text(customerID), .text(token.token), .text(token.card.network.rawValue), .text(token.card.last4),
                              .text(currency.code), .real(instant.timeIntervalSince1970)])
    }

    /// Saves a test card at the gateway for every customer without a saved card (demo start-up).
    /// Idempotency keys are per customer, so running it again (or after a restart) saves nothing twice.
    ///
    /// - Returns: how many customers got a card.
    @discardableResult
    public func seedDemoCards(billing: BillingStore, gateway: any PaymentGatewayClient, cardNumber: String = "4242424242424242",
                              now: Date) async throws -> Int {
        var saved = 0
        let year = Calendar(identifier: .gregorian).component(.year, from: now) + 3
        for customer in try billing.allCustomers() where try card(customerID: customer.id) == nil {
            let details = CardDetails(number: cardNumber, expMonth: 12, expYear: year, cvc: "123", holder: customer.name)
            let token = try await gateway.saveCard(details, idempotencyKey: "demo-card-\(customer.id)", language: .en)
            try save(customerID: customer.id, token: token, currency: customer.cardCurrency ?? .cny, at: now)
            saved += 1
        }
        return saved
    }
}
