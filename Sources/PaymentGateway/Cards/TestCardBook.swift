import Foundation

/// The test cards of Fixtures/gateway/test_cards.json: card number -> deterministic outcome.
public struct TestCardBook: Sendable {
    /// One listed test card.
    public struct Entry: Sendable, Decodable {
        /// The card number (digits only).
        public let number: String
        /// The network the number belongs to.
        public let network: CardNetwork
        /// "succeeded", "declined", "processing_error", "three_d_secure_required", "cross_border_not_allowed", "slow" or "processing".
        public let outcomeName: String
        /// The decline code for "declined".
        public let declineCode: String?
        /// Where the number comes from and what it does.
        public let source: String

        enum CodingKeys: String, CodingKey {
            case number, network, source
            case outcomeName = "outcome"
            case declineCode = "decline_code"
        }

        /// The parsed outcome; nil when the fixture names an unknown one.
        public var outcome: TestCardOutcome? {
            outcomeName == "declined"
                ? declineCode.map { .declined(declineCode: $0) }
                : TestCardOutcome(storageName: outcomeName)
        }
    }

    private struct File: Decodable { let cards: [Entry] }

    /// Every listed card, in fixture order.
    public let entries: [Entry]
    private let outcomes: [String: TestCardOutcome]

    /// Builds a book from entries; throws if one has an unknown outcome or a number that is not a valid card.
    public init(entries: [Entry]) throws {
        var outcomes: [String: TestCardOutcome] = [:]
        for entry in entries {
            guard let outcome = entry.outcome,
                  Luhn.isValid(entry.number), CardNetwork.detect(digits: entry.number) == entry.network else {
                throw GatewayFixtureError(file: "test_cards.json", detail: "bad entry ending \(entry.number.suffix(4))")
            }
            outcomes[entry.number] = outcome
        }
        self.entries = entries
        self.outcomes = outcomes
    }

    /// Loads `test_cards.json` from a fixtures folder (Fixtures/gateway).
    public static func load(from folder: URL) throws -> TestCardBook {
        let url = folder.appendingPathComponent("test_cards.json")
        guard let data = try? Data(contentsOf: url) else { throw GatewayFixtureError(file: url.path, detail: "cannot read") }
        do {
            return try TestCardBook(entries: JSONDecoder().decode(File.self, from: data).cards)
        } catch let error as GatewayFixtureError {
            throw error
        } catch {
            throw GatewayFixtureError(file: url.path, detail: "malformed JSON")
        }
    }

    /// The outcome for a validated card: its listed outcome, or success for any unlisted card.
    public func outcome(for card: ValidatedCard) -> TestCardOutcome {
        outcomes[card.digits] ?? .succeeded
    }
}

/// A fixture file the gateway needs is missing or malformed.
public struct GatewayFixtureError: Error, CustomStringConvertible {
    public let file: String
    public let detail: String
    public var description: String { "gateway fixture \(file): \(detail)" }
}
