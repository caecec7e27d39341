import Foundation
import HTTPServer
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct CheckoutTests {
    /// Issues a link for c045 (CAD card) to pay 1002345678 through the chat flow and returns its path.
    static func issueLink(_ routed: RoutedWorld, amount: String = "100") async throws -> String {
        let first = try await routed.assist(RoutedWorld.chatKey, "c045", ["text": "pay_bill account=1002345678 amount=\(amount)"])
        let second = try await routed.assist(RoutedWorld.chatKey, "c045", ["text": "confirm", "session_id": first.body["session_id"]!])
        let link = (second.body["actions"] as? [[String: Any]])?.first { $0["type"] as? String == "deep_link" }
        let web = try #require(link?["web_url"] as? String)
        #expect((link?["app_url"] as? String)?.hasPrefix("payassist://pay?token=") == true)
        return String(web.dropFirst("https://pay.example.test".count))
    }

    static func form(card: String, amount: String = "100.00", currency: String = "CNY", quote: String = "") -> String {
        "amount=\(amount)&payer_currency=\(currency)&quote_id=\(quote)&number=\(card)&exp_month=12&exp_year=2030&cvc=123&holder=David+Zhang"
    }

    @Test func theLinkOpensAPrefilledPageInTheCustomersLanguage() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let page = try await routed.send(.get, path)
        #expect(page.status == 200)
        #expect(page.text.contains("<html lang=\"en\">"))
        #expect(page.text.contains("1002345678"))
        #expect(page.text.contains("张*华"))
        #expect(page.text.contains("value=\"100.00\""))
        #expect(page.text.contains("<option value=\"CAD\" selected>"))
    }

    @Test func payingWithACardChargesOnceAndUsesTheLinkUp() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let paid = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4242424242424242"))
        #expect(paid.status == 200)
        #expect(paid.text.contains("id=\"paid\""))
        let again = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4242424242424242")) // a double tap
        #expect(again.status == 200)
        #expect(try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }.count == 1)
        let reopened = try await routed.send(.get, path)
        #expect(reopened.status == 410)
        #expect(reopened.text.contains("already used"))
    }

    @Test func concurrentSubmitsOfOneCheckoutChargeOnce() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { (try? await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4242424242424242")).status) ?? 0 } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(try routed.world.engine.store.database.query("SELECT count(*) AS n FROM gateway_payments").first?.int("n") == 1)
    }

    @Test func aForeignCardPaysAtTheQuotedRateAfterThreeDSecure() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let quote = try await routed.send(.post, path + "/quote", json: ["amount": "100.00", "payer_currency": "USD"])
        #expect(quote.status == 200)
        let quoteID = try #require(quote.body["quote_id"] as? String)
        #expect((quote.body["payer_total"] as? [String: Any])?["currency"] as? String == "USD")
        let challenge = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4000000000003220", currency: "USD", quote: quoteID))
        #expect(challenge.text.contains("action=\"\(path)/3ds\""))
        let done = try await routed.send(.post, path + "/3ds", form: "result=pass")
        #expect(done.text.contains("id=\"paid\""))
        let payments = try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }
        #expect(payments.map(\.amount.minorUnits) == [10_000])
    }

    @Test func aFailedChallengeOrADeclineLetsTheCustomerTryAgain() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let declined = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4000000000000002"))
        #expect(declined.status == 402)
        #expect(declined.text.contains("id=\"declined\""))
        _ = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4000000000003220"))
        let failed = try await routed.send(.post, path + "/3ds", form: "result=fail")
        #expect(failed.status == 402)
        let paid = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4242424242424242", amount: "80"))
        #expect(paid.text.contains("id=\"paid\""))
        #expect(try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }.map(\.amount.minorUnits) == [8_000])
    }

    @Test func aTamperedLinkIsRefused() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let token = String(path.dropFirst("/checkout/".count))
        let parts = token.split(separator: ".").map(String.init)
        var claims = try JSONSerialization.jsonObject(with: Data(Crypto.bytes(fromBase64URL: parts[0])!)) as! [String: Any]
        claims["m"] = 1
        let forged = Crypto.base64URL(Array(try JSONSerialization.data(withJSONObject: claims))) + "." + parts[1]
        let page = try await routed.send(.get, "/checkout/" + forged)
        #expect(page.status == 403)
        #expect(page.text.contains("id=\"error\""))
        let pay = try await routed.send(.post, "/checkout/" + forged + "/pay", form: CheckoutTests.form(card: "4242424242424242"))
        #expect(pay.status == 403)
        #expect(try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }.isEmpty)
    }

    @Test func anExpiredLinkIsRefused() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        routed.world.clock.advance(by: 31 * 60)
        let page = try await routed.send(.get, path)
        #expect(page.status == 410)
        #expect(page.text.contains("expired"))
    }

    @Test func aBadCardNumberShowsTheFormAgainWithTheReason() async throws {
        let routed = try await RoutedWorld()
        let path = try await CheckoutTests.issueLink(routed)
        let result = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4242424242424241"))
        #expect(result.status == 400)
        #expect(result.text.contains("id=\"error\""))
        #expect(result.text.contains("id=\"pay-form\""))
        let paid = try await routed.send(.post, path + "/pay", form: CheckoutTests.form(card: "4242424242424242"))
        #expect(paid.text.contains("id=\"paid\""))
    }

    @Test func theSignerRejectsMalformedTokens() {
        let signer = CheckoutLinkSigner.random()
        for token in ["", ".", "abc", "a.b.c", String(repeating: "x", count: 2000)] {
            #expect(throws: CheckoutError.invalidLink) { try signer.verify(token, now: Date()) }
        }
    }
}

@Suite struct CheckoutRepeatTests {
    @Test func theSameRequestTwiceGetsTheSameLinkAndChargesOnce() async throws {
        let routed = try await RoutedWorld()
        let first = try await CheckoutTests.issueLink(routed)
        let second = try await CheckoutTests.issueLink(routed)
        #expect(first == second)
        _ = try await routed.send(.post, first + "/pay", form: CheckoutTests.form(card: "4242424242424242"))
        #expect(try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }.count == 1)
    }

    @Test func aSecondLinkForAnAccountJustPaidDoesNotCharge() async throws {
        let routed = try await RoutedWorld()
        let first = try await CheckoutTests.issueLink(routed, amount: "100")
        let second = try await CheckoutTests.issueLink(routed, amount: "90")
        #expect(first != second)
        let paid = try await routed.send(.post, first + "/pay", form: CheckoutTests.form(card: "4242424242424242"))
        #expect(paid.text.contains("id=\"paid\""))
        let again = try await routed.send(.post, second + "/pay", form: CheckoutTests.form(card: "4242424242424242", amount: "90"))
        #expect(again.status == 409)
        #expect(again.text.contains("paying twice"))
        #expect(try routed.world.billing.payments(accountNumber: "1002345678").filter { $0.channel == "checkout" }.count == 1)
    }
}
