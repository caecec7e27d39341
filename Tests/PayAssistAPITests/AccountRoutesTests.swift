import HTTPServer
import PayAssistAPI
import Testing

@Suite("Customer and bill routes")
struct AccountRoutesTests {
    @Test("a linked customer reads 12 bills with amounts in minor units and the amount due")
    func readsLinkedBills() async throws {
        let app = try TestApp()
        let account = try app.linkedAccount(of: "c001")
        let response = await app.get("/v1/accounts/\(account)/bills", role: .voice, customer: "c001")
        #expect(response.status == 200)
        let body = try #require(response.jsonObject)
        let bills = try #require(body["bills"] as? [[String: Any]])
        #expect(bills.count == 12)
        let amount = try #require(bills.first?["amount"] as? [String: Any])
        #expect(amount["currency"] as? String == "CNY")
        #expect(amount["amount"] is Int)
        #expect(body["amount_due"] != nil)
    }

    @Test("an overseas relative reads the parents' account they are linked to")
    func relativeReadsParentsBills() async throws {
        let app = try TestApp()
        let relative = try #require(try app.billing.allCustomers().first { $0.hasTag("overseas") })
        let account = try app.linkedAccount(of: relative.id)
        #expect(await app.get("/v1/accounts/\(account)/bills", role: .chat, customer: relative.id).status == 200)
    }

    @Test("a customer not linked to an account cannot read it: 403 account_not_linked")
    func unlinkedIsForbidden() async throws {
        let app = try TestApp()
        let response = await app.get("/v1/accounts/\(try app.unlinkedAccount(of: "c001"))/bills", role: .chat, customer: "c001")
        #expect(response.status == 403)
        #expect(response.errorCode == "account_not_linked")
    }

    @Test("malformed account numbers are 400, unknown ones 404", arguments: [
        ("12345", 400, "invalid_account_number"), ("10023456789", 400, "invalid_account_number"),
        ("abcdefghij", 400, "invalid_account_number"), ("9999999999", 404, "account_not_found"),
    ])
    func badAccountNumbers(number: String, status: Int, code: String) async throws {
        let response = try await TestApp().get("/v1/accounts/\(number)/bills", role: .operator)
        #expect(response.status == status)
        #expect(response.errorCode == code)
    }

    @Test("unknown routes are 404 and wrong methods 405 with Allow")
    func unknownRoutes() async throws {
        let app = try TestApp()
        #expect(await app.get("/v1/nothing-here", role: .admin).status == 404)
        let wrongMethod = await app.router.respond(to: HTTPRequest(method: .delete, target: "/v1/customers/c001"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"]?.contains("GET") == true)
    }
}
