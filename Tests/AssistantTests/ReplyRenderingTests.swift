import Billing
import Foundation
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct ReplyRenderingTests {
    static let catalog = try! ReplyCatalog.load(fixtures: TestWorld.fixtures)

    @Test func everyReplyKeyHasEveryLanguage() {
        let catalog = ReplyRenderingTests.catalog
        #expect(catalog.keys.count > 40)
        for key in catalog.keys {
            for language in Language.allCases {
                let text = catalog.template(key, in: language)
                #expect(!text.isEmpty && text != key, "\(key) in \(language.rawValue)")
            }
        }
    }

    @Test func aTranslationWithOtherPlaceholdersIsRejectedAtLoad() {
        var entries: [String: [String: String]] = [:]
        entries["paid"] = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, "{amount}") })
        entries["paid"]!["de"] = "{betrag}"
        #expect(throws: AssistantSetupError.self) { try ReplyCatalog(entries: entries) }
    }

    @Test func traditionalChineseIsDerivedFromSimplified() {
        #expect(ReplyRenderingTests.catalog.template("payment_canceled", in: .zhHant).contains("沒有扣款"))
    }

    @Test func voiceSaysAmountsAndAccountDigitsWithSayAs() {
        let renderer = ReplyRenderer(catalog: ReplyRenderingTests.catalog)
        let message = ReplyMessage("ask_amount", ["account": .account("1002345678"), "due": .money(Money(minorUnits: 12_850, currency: .cny))])
        let reply = renderer.render([message], language: .zhHans, channel: .voice, elderly: false, timeZone: .gmt)
        #expect(reply.ssml?.contains("<say-as interpret-as=\"currency\">CNY 128.50</say-as>") == true)
        #expect(reply.ssml?.contains("<say-as interpret-as=\"digits\">1002345678</say-as>") == true)
        #expect(reply.ssml?.contains("prosody") == false)
    }

    @Test func elderlyVoiceCustomersHearItSlowerWithKeyNumbersRepeated() {
        let renderer = ReplyRenderer(catalog: ReplyRenderingTests.catalog)
        let amount = Money(minorUnits: 12_850, currency: .cny)
        let message = ReplyMessage("ask_amount", ["account": .account("1002345678"), "due": .money(amount)], keyNumbers: [.money(amount)])
        let reply = renderer.render([message], language: .zhHans, channel: .voice, elderly: true, timeZone: .gmt)
        #expect(reply.ssml?.contains("<prosody rate=\"slow\">") == true)
        #expect(reply.text.contains("再说一遍"))
        #expect(reply.ssml?.components(separatedBy: "CNY 128.50").count == 4) // said twice in the sentence, once more repeated
    }

    @Test(arguments: [(Language.en, "CN¥128.50"), (.zhHans, "¥128.50"), (.de, "128,50"), (.fr, "128,50"), (.ja, "128.50")])
    func chatFormatsAmountsForTheLocale(language: Language, expected: String) {
        #expect(ReplyRenderer.formatMoney(Money(minorUnits: 12_850, currency: .cny), language: language).contains(expected))
    }

    @Test func chatRepliesHaveNoSSML() {
        let renderer = ReplyRenderer(catalog: ReplyRenderingTests.catalog)
        #expect(renderer.render([ReplyMessage("help")], language: .ko, channel: .chat, elderly: true, timeZone: .gmt).ssml == nil)
    }

    @Test func textIsEscapedInSSML() {
        let renderer = ReplyRenderer(catalog: ReplyRenderingTests.catalog)
        let reply = renderer.render([ReplyMessage("payment_declined", ["reason": .text("<b>&")])], language: .en, channel: .voice, elderly: false, timeZone: .gmt)
        #expect(reply.ssml?.contains("&lt;b&gt;&amp;") == true)
    }
}
