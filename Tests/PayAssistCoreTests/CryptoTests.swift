import PayAssistCore
import Testing

@Suite("Cryptography from libcrypto")
struct CryptoTests {
    @Test("SHA-256 matches the FIPS 180-2 test vector for \"abc\"")
    func sha256KnownAnswer() {
        #expect(Crypto.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("HMAC-SHA-256 matches RFC 4231 test case 2")
    func hmacKnownAnswer() {
        #expect(Crypto.hmacSHA256Hex(key: "Jefe", message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("constant-time comparison tells equal from different and from other lengths")
    func constantTimeEquals() {
        #expect(Crypto.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2]))
    }

    @Test("random tokens are URL-safe and do not repeat")
    func randomTokens() {
        let tokens = (0..<200).map { _ in Crypto.randomToken() }
        #expect(Set(tokens).count == tokens.count)
        #expect(tokens.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }

    @Test("hex and base64url round-trip, and malformed input is rejected")
    func encodings() {
        let bytes: [UInt8] = [0, 1, 0xfe, 0xff, 0x7f]
        #expect(Crypto.bytes(fromHex: Crypto.hex(bytes)) == bytes)
        #expect(Crypto.bytes(fromBase64URL: Crypto.base64URL(bytes)) == bytes)
        #expect(Crypto.bytes(fromHex: "abc") == nil)
        #expect(Crypto.bytes(fromHex: "zz") == nil)
    }
}
