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
        ("一百二十块五", "120块5"), ("两千五", "2500"), ("三千零五十元", "3050元"), ("等一下", "等一下"), ("万一停电", "万一停电"),
    ])
    func numerals(text: String, expected: String) {
        #expect(engine.normalize(text) == expected)
    }

    @Test("fillers and punctuation are dropped")
    func fillers() {
        #expect(engine.normalize("嗯，那个，我要交电费啊！") == "我要交电费")
        #expect(engine.normalize("um I want to pay, uh, the bill") == "i want to pay the bill")
    }

    @Test("homophones share one toneless pinyin")
    func homophones() {
        #expect(engine.pinyin("缴电费") == engine.pinyin("叫点费"))
        #expect(engine.pinyin("余额") == engine.pinyin("鱼鹅"))
    }
}
