import HTTPServer
import PayAssistAPI
import Testing

@Suite("API keys and roles")
struct AuthorizationTests {
    @Test("health needs no key and reports the database")
    func healthIsOpen() async throws {
        let response = try await TestApp().get("/healthz")
        #expect(response.status == 200)
        #expect(response.jsonObject?["database"] as? String == "ok")
    }

    @Test("a /v1 route without a key is 401 missing_api_key")
    func missingKey() async throws {
        let response = try await TestApp().get("/v1/customers/c001", customer: "c001")
        #expect(response.status == 401)
        #expect(response.errorCode == "missing_api_key")
    }

    @Test("a wrong key, or a right key in the wrong scheme, is 401 invalid_api_key", arguments: [
        "Bearer pa_demo_voice_7f3c9a1f", "Basic pa_demo_voice_7f3c9a1e", "Bearer", "pa_demo_voice_7f3c9a1e",
    ])
    func invalidKey(header: String) async throws {
        let app = try TestApp()
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: header)
        headers.add(name: "X-Customer-Id", value: "c001")
        let response = await app.router.respond(to: HTTPRequest(method: .get, target: "/v1/customers/c001", headers: headers))
        #expect(response.status == 401)
        #expect(response.errorCode == "invalid_api_key")
    }

    @Test("a channel key without X-Customer-Id is 400, with an unknown customer 404")
    func channelNeedsCustomer() async throws {
        let app = try TestApp()
        #expect(await app.get("/v1/customers/c001", role: .voice).errorCode == "missing_customer_id")
        let unknown = await app.get("/v1/customers/c001", role: .chat, customer: "nobody")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "customer_not_found")
    }

    @Test("a channel reads its own customer but not another one")
    func channelReadsOnlyItsCustomer() async throws {
        let app = try TestApp()
        #expect(await app.get("/v1/customers/c001", role: .voice, customer: "c001").status == 200)
        let other = await app.get("/v1/customers/c002", role: .voice, customer: "c001")
        #expect(other.status == 403)
        #expect(other.errorCode == "role_not_allowed")
    }

    @Test("operators and admins read any customer")
    func operatorsReadAny() async throws {
        let app = try TestApp()
        #expect(await app.get("/v1/customers/c050", role: .operator).status == 200)
        #expect(await app.get("/v1/customers/c050", role: .admin).status == 200)
    }

    @Test("only hashes of keys are stored")
    func onlyHashesStored() async throws {
        let app = try TestApp()
        let stored = try app.database.query("SELECT key_hash, label FROM api_keys")
        #expect(stored.count == demoKeys.count)
        for row in stored {
            for key in demoKeys.values { #expect(row.string("key_hash") != key) }
            #expect(row.string("key_hash")?.count == 64)
        }
    }
}
