import PayAssistCore
import Testing

@Suite("Languages")
struct LanguageTests {
    @Test("BCP-47 tags map onto the nine supported languages", arguments: [
        ("zh-Hans", Language.zhHans), ("zh-CN", .zhHans), ("zh", .zhHans), ("zh-TW", .zhHant), ("zh-Hant-HK", .zhHant),
        ("en-US", .en), ("ja", .ja), ("ko-KR", .ko), ("es-MX", .es), ("fr-CA", .fr), ("de", .de), ("ru-RU", .ru),
    ])
    func parsesTags(tag: String, language: Language) {
        #expect(Language(tag: tag) == language)
    }

    @Test("unsupported or empty tags are rejected", arguments: ["", "xx", "it", "pt-BR", "   "])
    func rejectsUnsupported(tag: String) {
        #expect(Language(tag: tag) == nil)
    }

    @Test("Accept-Language honours q-values and skips unsupported languages")
    func acceptLanguage() {
        #expect(Language.preferred(fromAcceptLanguage: "it;q=1, ja;q=0.8, en;q=0.5") == .ja)
        #expect(Language.preferred(fromAcceptLanguage: "en;q=0.2, fr;q=0.9") == .fr)
        #expect(Language.preferred(fromAcceptLanguage: "xx, yy") == nil)
        #expect(Language.preferred(fromAcceptLanguage: nil) == nil)
    }
}
