import IntentEngine
import Testing

/// Normalization makes spoken and typed variants of the same words identical.
struct TextNormalizerTests {
    let engine = TestEngine.shared

    @Test("full-width letters and digits become half-width and lower case")
    func fullWidth() {
        #expect(engine.normalize("ＰＡＹ　１２０") == "pay 120")
    }

    @Test("Traditional characters become Simplified")
    func traditional() {
        #expect(engine.normalize("繳電費") == "缴电费")
    }

    @Test("Chinese numerals become digits but words with 一 stay", arguments: [
        ("一百二十块五", "120块5"), ("两千五", "2500"), ("三千零五十元", "3050元"), ("等一下", "等一下"), ("万一停电", "万一停电"), ("说慢一点", "说慢一点"), ("下午一点", "下午1点"), ("一点半", "1点半"),
    ])
    func numerals(text: String, expected: String) {
        #expect(engine.normalize(text) == expected)
    }

    @Test("two rising Chinese digits said together become a written range", arguments: [
        ("三四十块", "30~40块"), ("两三百", "200~300"), ("一两万", "10000~20000"), ("十五六块", "15~16块"), ("二十七八块", "27~28块"), ("三十四块", "34块"), ("二三五六", "2356"),
    ])
    func numeralRanges(text: String, expected: String) {
        #expect(engine.normalize(text) == expected)
    }

    @Test("English number words become digits but 'one' and 'a' alone stay", arguments: [
        ("pay fifty dollars", "pay 50 dollars"), ("the one on the left", "the one on the left"), ("a hundred bucks", "100 bucks"),
        ("two thousand five hundred yuan", "2500 yuan"), ("at nine pm", "at 9 pm"), ("nine thirty", "9 30"), ("twenty one euros", "21 euros"),
    ])
    func englishNumbers(text: String, expected: String) {
        #expect(engine.normalize(text) == expected)
    }

    @Test("fillers and punctuation are dropped")
    func fillers() {
        #expect(engine.normalize("嗯，那个，我要交电费啊！") == "我要交电费")
        #expect(engine.normalize("umm I want to pay, uh, the bill") == "i want to pay the bill")
    }

    @Test("a word that is a filler in one language but a word in another stays (German \"um\" is \"at\")")
    func fillerOfOneLanguageIsAWordOfAnother() {
        #expect(engine.normalize("erinnere mich um 9") == "erinnere mich um 9")
    }

    @Test("homophones share one toneless pinyin")
    func homophones() {
        #expect(engine.pinyin("缴电费") == engine.pinyin("叫点费"))
        #expect(engine.pinyin("余额") == engine.pinyin("鱼鹅"))
    }
}

/// Chinese typed as toneless pinyin by relatives abroad is understood like the characters.
struct TypedPinyinTests {
    @Test("typed pinyin, alone or mixed with characters", arguments: [
        ("wo yao jiao dian fei", IntentName.payBill), ("dian fei duo shao qian", .queryBill), ("我要jiao电费", .payBill), ("jia li ting dian le", .reportOutage),
    ])
    func typedPinyin(text: String, expected: IntentName) {
        let result = TestEngine.shared.parse(text, reference: TestEngine.reference)
        #expect(result.intent == expected)
        #expect(result.language == .zhHans)
    }

    @Test("pinyin typed with the syllables of a word joined", arguments: [
        ("wo yao jiaofei", IntentName.payBill), ("dianfei haiyou duoshao", .queryBill), ("jiali tingdian le", .reportOutage),
    ])
    func joinedPinyin(text: String, expected: IntentName) {
        let result = TestEngine.shared.parse(text, reference: TestEngine.reference)
        #expect(result.intent == expected)
        #expect(result.language == .zhHans)
    }

    @Test("English that happens to contain pinyin syllables stays English")
    func englishStaysEnglish() {
        #expect(TestEngine.shared.parse("he is a man", reference: TestEngine.reference).language == .en)
        #expect(TestEngine.shared.parse("can i pay my bill", reference: TestEngine.reference).language == .en)
        #expect(TestEngine.shared.parse("women change the language please", reference: TestEngine.reference).language == .en)
    }
}
