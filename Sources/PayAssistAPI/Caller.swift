import Billing
import HTTPServer
import PayAssistCore

/// Who is calling a `/v1` route: the key's role and label, and for channel keys the customer.
public struct Caller: Sendable {
    public let role: Role
    /// The key's label (never the key itself), for audit records.
    public let keyLabel: String
    /// The customer a channel acts for (`X-Customer-Id`); nil for operator and admin keys.
    public let customer: Customer?

    /// The customer of a channel call, or a clear error for a call without one.
    public func requireCustomer() throws -> Customer {
        guard let customer else { throw APIError.missingCustomerHeader }
        return customer
    }
}

/// Checks the bearer key and the role of every `/v1` request; resolves the channel's customer.
public struct Authenticator: Sendable {
    public let keys: APIKeyStore
    public let billing: BillingStore

    public init(keys: APIKeyStore, billing: BillingStore) {
        self.keys = keys
        self.billing = billing
    }

    /// Authenticates `request` and checks its role is one of `roles` (admin is always allowed).
    ///
    /// - Throws: `APIError` 401 without a valid key, 403 for another role, 400/404 for a channel
    ///   call without a known `X-Customer-Id`.
    public func authorize(_ request: HTTPRequest, roles: Set<Role>) throws -> Caller {
        guard let header = request.headers["Authorization"], !header.isEmpty else { throw APIError.missingAPIKey }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let record = keys.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.invalidAPIKey
        }
        guard record.role == .admin || roles.contains(record.role) else { throw APIError.roleNotAllowed(record.role) }
        var customer: Customer?
        if let id = request.headers["X-Customer-Id"]?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
            guard id.count <= 64, let found = try billing.customer(id: id) else { throw APIError.unknownCustomer(String(id.prefix(64))) }
            customer = found
        } else if record.role.isChannel {
            throw APIError.missingCustomerHeader
        }
        return Caller(role: record.role, keyLabel: record.label, customer: customer)
    }
}
