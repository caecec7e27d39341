import Foundation
import PayAssistCore

/// Signs and checks webhook bodies: header `PayAssist-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256>`
/// over "<t>.<body>" with the subscriber's secret, so receivers can reject forged or replayed events.
public enum WebhookSignature {
    /// The header name.
    public static let header = "PayAssist-Signature"

    /// The header value for `body` sent at `timestamp` (Unix seconds).
    public static func sign(body: [UInt8], secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(Crypto.hex(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// True when `headerValue` is a valid signature of `body` made within `tolerance` seconds of `now`.
    public static func verify(headerValue: String, body: [UInt8], secret: String, now: Int64, tolerance: Int64 = 300) -> Bool {
        var timestamp: Int64?
        var signature: [UInt8]?
        for part in headerValue.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signature = Crypto.bytes(fromHex: pair[1]) }
        }
        guard let timestamp, let signature, abs(now - timestamp) <= tolerance else { return false }
        return Crypto.constantTimeEquals(signature, mac(body: body, secret: secret, timestamp: timestamp))
    }

    private static func mac(body: [UInt8], secret: String, timestamp: Int64) -> [UInt8] {
        Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body)
    }
}
