import Foundation
import PayAssistCore
import PaymentGateway

/// An amount as a client may send it: an integer count of minor units, or (mistakenly) a number with
/// decimals. Decoding never fails on a number, so the gateway can answer `too_many_decimals` itself.
struct WireAmount: Decodable, Sendable {
    let value: Decimal

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            value = Decimal(integer)
        } else {
            value = try container.decode(Decimal.self)
        }
    }

    /// The amount in minor units, or the coded reason it cannot be one.
    func minorUnits() throws(GatewayError) -> Int64 {
        guard value > 0 else { throw .invalidAmount }
        var rounded = Decimal()
        var copy = value
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == value else { throw .tooManyDecimals }
        guard value <= Decimal(1_000_000_000_000) else { throw .amountOverLimit }
        return NSDecimalNumber(decimal: value).int64Value
    }

    /// Resolves `amount` (minor units) or `amount_decimal` (major units as a string) to minor units.
    static func resolve(amount: WireAmount?, amountDecimal: String?, currency: String) throws(GatewayError) -> Int64 {
        if let amount { return try amount.minorUnits() }
        guard let text = amountDecimal?.trimmingCharacters(in: .whitespaces) else { throw .invalidAmount }
        guard let known = Currency(code: currency), known.code == currency else { throw .unknownCurrency }
        if let money = Money(decimalString: text, currency: known) {
            guard money.minorUnits > 0 else { throw .invalidAmount }
            return money.minorUnits
        }
        // A well-formed positive decimal that Money refused has too many decimals (or is too large).
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
            throw parts[1].count > known.minorDigits ? .tooManyDecimals : .amountOverLimit
        }
        throw .invalidAmount
    }
}

/// `POST /gateway/v1/quotes` body.
struct QuoteBody: Decodable, Sendable {
    let amount: WireAmount?
    let amountDecimal: String?
    let currency: String?
    let payerCurrency: String

    enum CodingKeys: String, CodingKey {
        case amount, currency
        case amountDecimal = "amount_decimal", payerCurrency = "payer_currency"
    }

    func request() throws(GatewayError) -> QuoteRequest {
        let currency = self.currency ?? "CNY"
        return QuoteRequest(amount: try WireAmount.resolve(amount: amount, amountDecimal: amountDecimal, currency: currency),
                            currency: currency, payerCurrency: payerCurrency)
    }
}

/// `POST /gateway/v1/payments` body.
struct PaymentBody: Decodable, Sendable {
    let amount: WireAmount?
    let amountDecimal: String?
    let currency: String
    let reference: String
    let card: CardDetails?
    let cardToken: String?
    let payerCurrency: String?
    let quoteID: String?
    let billingCountry: String?

    enum CodingKeys: String, CodingKey {
        case amount, currency, reference, card
        case amountDecimal = "amount_decimal", cardToken = "card_token", payerCurrency = "payer_currency"
        case quoteID = "quote_id", billingCountry = "billing_country"
    }

    func request() throws(GatewayError) -> CreatePaymentRequest {
        let method: PaymentMethod
        switch (card, cardToken) {
        case (let card?, nil): method = .card(card)
        case (nil, let token?): method = .cardToken(token)
        default: throw .invalidPaymentMethod
        }
        return CreatePaymentRequest(amount: try WireAmount.resolve(amount: amount, amountDecimal: amountDecimal, currency: currency),
                                    currency: currency, reference: reference, method: method,
                                    payerCurrency: payerCurrency, quoteID: quoteID, billingCountry: billingCountry)
    }
}

/// `POST /gateway/v1/payments/{id}/three_d_secure` body.
struct ThreeDSecureBody: Decodable, Sendable {
    let result: String
}

/// `POST /gateway/v1/payments/{id}/refunds` body (may be empty: refund everything left).
struct RefundBody: Decodable, Sendable {
    let amount: WireAmount?
}
