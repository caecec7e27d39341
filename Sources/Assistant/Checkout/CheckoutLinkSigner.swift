import Foundation
import PayAssistCore

/// Signs and verifies checkout links with HMAC-SHA-256 (libcrypto via `Crypto`), so the account and
/// amount in a link cannot be edited. Token: base64url(JSON claims) "." base64url(MAC).
public struct CheckoutLinkSigner: Sendable {
    private let key: [UInt8]

    /// - Parameter secret: at least 32 bytes of secret key material.
    public init(secret: [UInt8]) throws {
        guard secret.count >= 32 else { throw AssistantSetupError.invalidConfiguration("the checkout link secret needs at least 32 bytes") }
        key = secret
    }

    /// A signer with a fresh random key (links die with the process; fine for tests and demos).
    public static func random() -> CheckoutLinkSigner { try! CheckoutLinkSigner(secret: Crypto.randomBytes(32)) }

    /// The signed token for claims.
    public func token(for claims: CheckoutClaims) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys // the same claims always give the same token
        let payload = Array((try? encoder.encode(claims)) ?? Data())
        let body = Crypto.base64URL(payload)
        return body + "." + Crypto.base64URL(Crypto.hmacSHA256(key: key, message: Array(body.utf8)))
    }

    /// Verifies a token's signature and expiry.
    ///
    /// - Throws: `CheckoutError.invalidLink` when malformed or the signature does not match,
    ///   `.linkExpired` after its expiry.
    public func verify(_ token: String, now: Date) throws -> CheckoutClaims {
        let claims = try verifySignature(token)
        guard Int64(now.timeIntervalSince1970) <= claims.expiresAt else { throw CheckoutError.linkExpired }
        return claims
    }

    /// Verifies only the signature (an expired link still tells which language to answer in).
    public func verifySignature(_ token: String) throws -> CheckoutClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 1024, parts.count == 2,
              let mac = Crypto.bytes(fromBase64URL: String(parts[1])) else { throw CheckoutError.invalidLink }
        let expected = Crypto.hmacSHA256(key: key, message: Array(parts[0].utf8))
        guard Crypto.constantTimeEquals(mac, expected),
              let payload = Crypto.bytes(fromBase64URL: String(parts[0])),
              let claims = try? JSONDecoder().decode(CheckoutClaims.self, from: Data(payload)) else { throw CheckoutError.invalidLink }
        return claims
    }
}
