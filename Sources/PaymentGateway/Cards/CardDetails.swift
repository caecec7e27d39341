import Foundation

/// Card details as a payer typed them. Lives only for one request: never stored, never logged.
///
/// `description` is masked so that printing a value cannot leak the number or the CVC.
public struct CardDetails: Sendable, Equatable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The card number; spaces and dashes between digits are allowed.
    public var number: String
    /// Expiry month, 1-12.
    public var expMonth: Int
    /// Expiry year, four digits (two digits are read as 20YY).
    public var expYear: Int
    /// The security code (CVC/CVV): 3 digits, 4 on American Express.
    public var cvc: String
    /// The name on the card.
    public var holder: String

    public init(number: String, expMonth: Int, expYear: Int, cvc: String, holder: String) {
        self.number = number
        self.expMonth = expMonth
        self.expYear = expYear
        self.cvc = cvc
        self.holder = holder
    }

    enum CodingKeys: String, CodingKey {
        case number
        case expMonth = "exp_month"
        case expYear = "exp_year"
        case cvc
        case holder
    }

    public var description: String {
        let digits = number.filter(\.isNumber)
        return "CardDetails(****\(digits.suffix(4)), \(expMonth)/\(expYear))"
    }

    public var debugDescription: String { description }

    /// Checks the card and returns what may be kept about it.
    ///
    /// - Parameter now: the current instant; a card is valid through the last day of its expiry month (UTC).
    /// - Throws: `GatewayError` `invalid_card_number`, `unsupported_card_network`, `invalid_expiry_date`,
    ///   `card_expired`, `invalid_cvc` or `invalid_holder_name`.
    public func validated(now: Date) throws(GatewayError) -> ValidatedCard {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "-" }) else {
            throw .invalidCardNumber
        }
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        guard (12...19).contains(digits.count) else { throw .invalidCardNumber }
        guard let network = CardNetwork.detect(digits: digits) else { throw .unsupportedCardNetwork }
        guard network.validLengths.contains(digits.count), Luhn.isValid(digits) else { throw .invalidCardNumber }

        let year = (0...99).contains(expYear) ? 2000 + expYear : expYear
        guard (1...12).contains(expMonth), (2000...2100).contains(year) else { throw .invalidExpiryDate }
        let expiry = CardExpiry(month: expMonth, year: year)
        guard !expiry.isPast(at: now) else { throw .cardExpired }

        guard cvc.count == network.cvcLength, cvc.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalidCVC }
        let name = holder.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count), !name.contains(where: { $0.isNumber || $0.isNewline }),
              name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
            throw .invalidHolderName
        }
        return ValidatedCard(digits: digits, summary: CardSummary(network: network, last4: String(digits.suffix(4)), expiry: expiry))
    }
}

/// A card that passed every check: the digits (for the test-card lookup only) and the summary that may be kept.
public struct ValidatedCard: Sendable, CustomStringConvertible {
    /// The bare digits; used once to pick the test-card outcome, then dropped.
    let digits: String
    /// Network, last 4 and expiry: all that is ever stored or shown.
    public let summary: CardSummary

    public var description: String { "ValidatedCard(\(summary))" }
}
