import Billing
import Foundation
import HTTPServer
import PayAssistAPI
import PayAssistCore
import Storage

/// The Fixtures/ folder of this checkout.
let fixtures = ProjectLayout.folder("Fixtures", near: #filePath)!

/// The demo keys from Fixtures/demo/api_keys.json, by role.
let demoKeys: [Role: String] = {
    let keys = try! APIKeyStore.loadKeys(fromFile: fixtures.appendingPathComponent("demo/api_keys.json"))
    return Dictionary(uniqueKeysWithValues: keys.map { ($0.role, $0.key) })
}()

/// An in-memory PayAssist API seeded from the fixtures, answered in-process (no sockets).
struct TestApp {
    let database: Database
    let billing: BillingStore
    let router: Router
    let context: APIContext

    init() throws {
        database = try Database.inMemory()
        billing = try BillingStore(database: database)
        _ = try DemoFixtures.seed(billing, fixtures: fixtures, now: Date())
        let keys = try APIKeyStore(database: database)
        for key in try APIKeyStore.loadKeys(fromFile: fixtures.appendingPathComponent("demo/api_keys.json")) { try keys.register(key) }
        context = APIContext(authenticator: Authenticator(keys: keys, billing: billing), billing: billing)
        router = Router()
        router.registerHealthRoute(context: context, database: database)
        router.registerAccountRoutes(context: context)
    }

    /// Sends a GET with an optional role's demo key and customer header.
    func get(_ target: String, role: Role? = nil, customer: String? = nil, key: String? = nil) async -> HTTPResponse {
        var headers = HTTPHeaders()
        if let key = key ?? role.flatMap({ demoKeys[$0] }) { headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let customer { headers.add(name: "X-Customer-Id", value: customer) }
        return await router.respond(to: HTTPRequest(method: .get, target: target, headers: headers))
    }

    /// An account the customer is linked to.
    func linkedAccount(of customerID: String) throws -> String {
        try billing.linkedAccounts(customerID: customerID).first!.number
    }

    /// An account the customer is not linked to.
    func unlinkedAccount(of customerID: String) throws -> String {
        let linked = Set(try billing.linkedAccounts(customerID: customerID).map(\.number))
        for customer in try billing.allCustomers() {
            for account in try billing.linkedAccounts(customerID: customer.id) where !linked.contains(account.number) { return account.number }
        }
        fatalError("fixtures have a single account")
    }
}

extension HTTPResponse {
    /// The machine code of a JSON error body.
    var errorCode: String? {
        (try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(body)))?.error.code
    }

    /// The body as a JSON object.
    var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}
