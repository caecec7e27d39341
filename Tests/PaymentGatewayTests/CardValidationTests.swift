import Foundation
import PayAssistCore
@testable import PaymentGateway
import Testing

@Suite struct CardValidationTests {
    let now = GatewayTestSupport.start

    @Test(arguments: [
        ("4242424242424242", CardNetwork.visa), ("4000056655665556", .visa),
        ("5555555555554444", .mastercard), ("5105105105105100", .mastercard), ("2223003122003222", .mastercard), ("2720990000000007", .mastercard),
        ("378282246310005", .amex), ("341111111111111", .amex),
        ("3566002020360505", .jcb), ("3528000000000007", .jcb),
        ("6200000000000005", .unionpay),
        ("6011111111111117", .discover), ("6445644564456445", .discover), ("6500000000000002", .discover),
        ("3056930009020004", .diners), ("36227206271667", .diners), ("3800000000000006", .diners),
    ])
    func networkIsRecognizedFromTheBINRange(number: String, network: CardNetwork) throws {
        #expect(CardNetwork.detect(digits: number) == network)
        let card = try GatewayTestSupport.card(number).validated(now: now)
        #expect(card.summary.network == network)
        #expect(card.summary.last4 == String(number.suffix(4)))
    }

    @Test(arguments: ["2220990000000000", "2721000000000000", "3527000000000000", "3590000000000000", "1234567812345678", "9999999999999995"])
    func numbersOutsideEveryRangeAreUnsupported(number: String) {
        #expect(CardNetwork.detect(digits: number) == nil)
    }

    @Test(arguments: [
        ("4242424242424241", GatewayError.invalidCardNumber),     // Luhn fails
        ("424242424242424", .invalidCardNumber),                  // 15 digits is not a Visa length
        ("37828224631000", .invalidCardNumber),                   // 14 digits is not an Amex length
        ("4242-4242-4242-424x", .invalidCardNumber),              // not digits
        ("", .invalidCardNumber),
        ("12345678901234567890", .invalidCardNumber),             // too long
        ("9000000000000001", .unsupportedCardNetwork),           // Luhn-valid, no network
        ("1234567812345670", .unsupportedCardNetwork),
    ])
    func malformedOrUnknownNumbersAreRefused(number: String, error: GatewayError) {
        #expect(throws: error) { try GatewayTestSupport.card(number).validated(now: now) }
    }

    @Test func spacesAndDashesBetweenDigitsAreAccepted() throws {
        let card = try GatewayTestSupport.card("4242 4242-4242 4242").validated(now: now)
        #expect(card.summary.last4 == "4242")
    }

    @Test func expiryIsValidThroughTheEndOfItsMonth() throws {
        #expect(throws: Never.self) { try GatewayTestSupport.card("4242424242424242", expMonth: 11, expYear: 2026).validated(now: now) }
        #expect(throws: GatewayError.cardExpired) { try GatewayTestSupport.card("4242424242424242", expMonth: 10, expYear: 2026).validated(now: now) }
        #expect(throws: GatewayError.cardExpired) { try GatewayTestSupport.card("4242424242424242", expMonth: 12, expYear: 2025).validated(now: now) }
        #expect(throws: Never.self) { try GatewayTestSupport.card("4242424242424242", expMonth: 1, expYear: 27).validated(now: now) }
    }

    @Test(arguments: [0, 13, -1])
    func impossibleExpiryMonthsAreRefused(month: Int) {
        #expect(throws: GatewayError.invalidExpiryDate) { try GatewayTestSupport.card("4242424242424242", expMonth: month).validated(now: now) }
    }

    @Test(arguments: [("4242424242424242", "1234"), ("4242424242424242", "12"), ("4242424242424242", "12a"), ("378282246310005", "123")])
    func cvcLengthFollowsTheNetwork(number: String, cvc: String) {
        #expect(throws: GatewayError.invalidCVC) { try GatewayTestSupport.card(number, cvc: cvc).validated(now: now) }
    }

    @Test func amexTakesAFourDigitCVC() throws {
        #expect(throws: Never.self) { try GatewayTestSupport.card("378282246310005", cvc: "1234").validated(now: now) }
    }

    @Test(arguments: ["", "   ", "R2D2", "Li\nWei", String(repeating: "a", count: 101)])
    func holderNameMustBePlausible(holder: String) {
        var card = GatewayTestSupport.card("4242424242424242")
        card.holder = holder
        #expect(throws: GatewayError.invalidHolderName) { try card.validated(now: now) }
    }

    @Test func describingCardDetailsNeverShowsTheNumberOrCVC() {
        let card = CardDetails(number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "987", holder: "Li Wei")
        let texts = [String(describing: card), String(reflecting: card), "\(card)"]
        for text in texts {
            #expect(!text.contains("4242424242424242"))
            #expect(!text.contains("987"))
        }
    }

    @Test func everyFixtureTestCardIsAValidCardOfItsNetwork() throws {
        let book = try TestCardBook.load(from: GatewayTestSupport.fixturesFolder)
        #expect(book.entries.count >= 15)
        for entry in book.entries {
            let card = try GatewayTestSupport.card(entry.number).validated(now: now)
            #expect(card.summary.network == entry.network)
            #expect(entry.outcome != nil)
        }
    }
}
