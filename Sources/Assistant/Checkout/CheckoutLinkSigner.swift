import Foundation
import PayAssistCore

/// What a checkout link carries: which checkout, account and prefilled amount, for whom, until when.
public struct CheckoutClaims: Sendable, Codable, Equatable {
    /// The checkout id ("chk_..."), the row that makes the link single-use.
    public let checkoutID: String
    public let accountNumber: String
    /// The prefilled amount in CNY minor units.
    public let amountMinorUnits: Int64
    public let customerID: String
    public let language: Language
    /// Unix seconds after which the link is refused.
    public let expiresAt: Int64

    enum CodingKeys: String, CodingKey {
        case checkoutID = "c", accountNumber = "a", amountMinorUnits = "m", customerID = "u", language = "l", expiresAt = "e"
    }
}

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
        let payload = Array((try? JSONEncoder().encode(claims)) ?? Data())
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

/// Why a checkout link or payment was refused.
public enum CheckoutError: CodedError, Equatable {
    case invalidLink
    case linkExpired
    case linkUsed
    case invalidAmount
    case invalidCard(String)
    case paymentInProgress

    public var code: String {
        switch self {
        case .invalidLink: return "checkout_link_invalid"
        case .linkExpired: return "checkout_link_expired"
        case .linkUsed: return "checkout_link_used"
        case .invalidAmount: return "invalid_amount"
        case .invalidCard: return "invalid_card"
        case .paymentInProgress: return "payment_in_progress"
        }
    }

    public var message: String { localizedMessage(in: .en) }

    public var kind: ErrorKind {
        switch self {
        case .invalidLink: return .forbidden
        case .linkExpired, .linkUsed: return .gone
        case .invalidAmount, .invalidCard: return .invalidInput
        case .paymentInProgress: return .conflict
        }
    }
}

extension CheckoutError {
    public func localizedMessage(in language: Language) -> String {
        switch (self, language.isChinese) {
        case (.invalidLink, true): return "付款链接无效，可能被修改过。请回到对话重新获取链接。"
        case (.invalidLink, false): return "This payment link is not valid (it may have been altered). Ask the assistant for a new link."
        case (.linkExpired, true): return "付款链接已过期，请回到对话重新获取链接。"
        case (.linkExpired, false): return "This payment link has expired. Ask the assistant for a new link."
        case (.linkUsed, true): return "这个付款链接已经用过了，不能重复付款。"
        case (.linkUsed, false): return "This payment link was already used; it cannot pay twice."
        case (.invalidAmount, true): return "请输入大于零、不超过上限的人民币金额。"
        case (.invalidAmount, false): return "Enter an amount in yuan above zero and within the limit."
        case (.invalidCard(let detail), _): return detail
        case (.paymentInProgress, true): return "这笔付款正在处理中，请稍后刷新页面。"
        case (.paymentInProgress, false): return "This payment is being processed; refresh the page in a moment."
        }
    }
}
