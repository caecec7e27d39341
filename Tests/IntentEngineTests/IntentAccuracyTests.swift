import IntentEngine
import PayAssistCore
import Testing

/// The engine meets the accuracy floors on the labelled test set (Fixtures/intents/test.jsonl),
/// which is written apart from the training phrases and never trained on.
struct IntentAccuracyTests {
    static func accuracy(_ lines: [TestEngine.LabelledLine]) -> Double {
        let correct = lines.filter { TestEngine.shared.parse($0.text, language: $0.language, reference: TestEngine.reference).intent == $0.intent }.count
        return Double(correct) / Double(max(1, lines.count))
    }

    @Test("Chinese and English reach 96%, every other language 92%", arguments: Language.allCases)
    func perLanguageFloor(language: Language) {
        let lines = TestEngine.testSet.filter { $0.language == language && $0.noise == nil }
        #expect(!lines.isEmpty)
        let floor = language == .zhHans || language == .en ? 0.96 : 0.92
        #expect(Self.accuracy(lines) >= floor, "\(language.rawValue): \(Self.accuracy(lines))")
    }

    @Test("speech-recognition-noisy Chinese reaches 92%")
    func noisyChineseFloor() {
        let lines = TestEngine.testSet.filter { $0.noise == "asr" }
        #expect(lines.count >= 30)
        #expect(Self.accuracy(lines) >= 0.92, "\(Self.accuracy(lines))")
    }

    @Test("the later test sets stay above 92% overall")
    func holdoutFloor() {
        #expect(Self.accuracy(TestEngine.holdoutSet) >= 0.92, "\(Self.accuracy(TestEngine.holdoutSet))")
        #expect(Self.accuracy(TestEngine.secondHoldoutSet) >= 0.92, "\(Self.accuracy(TestEngine.secondHoldoutSet))")
        #expect(TestEngine.blindHoldoutSets.count >= 7)
        for set in TestEngine.blindHoldoutSets {
            #expect(Self.accuracy(set.lines) >= 0.92, "\(set.name): \(Self.accuracy(set.lines))")
        }
        #expect(Self.accuracy(TestEngine.developmentSet) >= 0.92, "\(Self.accuracy(TestEngine.developmentSet))")
    }

    @Test("the language is detected when the caller does not give it")
    func languageDetection() {
        let lines = TestEngine.testSet
        let detected = lines.filter { TestEngine.shared.parse($0.text, reference: TestEngine.reference).language == $0.language }.count
        #expect(Double(detected) / Double(lines.count) >= 0.95)
    }

    @Test("a request followed by a remark is recognized by the request, with the whole message's slots")
    func requestThenRemark() {
        let result = TestEngine.shared.parse("Can we switch to Korean? my son will be reading the messages from now on", language: .en, reference: TestEngine.reference)
        #expect(result.intent == .changeLanguage)
        #expect(result.slots.language == .ko)
        let weather = TestEngine.shared.parse("what is the weather in Toronto today? it looks cold", language: .en, reference: TestEngine.reference)
        #expect(weather.intent == .outOfScope)
    }

    @Test("a greeting before a message the engine cannot place does not make it a greeting")
    func greetingClauseDoesNotStandForTheMessage() {
        // "Hello" alone is an exact greeting; the whole message gives help almost nothing.
        let text = "Hello, my cousin in Toronto bought a new sofa last week and it does not fit through the door."
        let result = TestEngine.shared.parse(text, language: .en, reference: TestEngine.reference)
        #expect(result.intent == .outOfScope)
        #expect(TestEngine.shared.parse("Hello", language: .en, reference: TestEngine.reference).intent == .help)
    }

    @Test("Russian typed in Latin letters is detected as Russian, English stays English", arguments: [
        ("skolko nado zaplatit za svet babushke", "ru"), ("pomogite pozhaluista oplatit za svet dedushke", "ru"), ("how much do i owe for power", "en"),
    ])
    func transliteratedRussian(text: String, tag: String) {
        #expect(TestEngine.shared.parse(text, reference: TestEngine.reference).language.rawValue == tag)
    }

    @Test("every expected slot in the test set is extracted exactly")
    func slotsExact() {
        for line in TestEngine.testSet where !line.slots.isEmpty {
            let slots = TestEngine.shared.parse(line.text, language: line.language, reference: TestEngine.reference).slots
            for (name, expected) in line.slots {
                let actual: String?
                switch name {
                case "amount": actual = slots.amount.map { "\($0.decimalString) \($0.currency.code)" }
                case "account": actual = slots.account
                case "language": actual = slots.language?.rawValue
                case "time": actual = slots.time?.description
                case "period": actual = slots.period?.description
                default: actual = nil
                }
                #expect(actual == expected, "\(line.text): \(name)")
            }
        }
    }

    /// The sixth session's blind sets whose first runs fell under the 92% floor of the others: a third
    /// or more of their lines describe a situation instead of naming the request (a beeping meter, a
    /// notice on the door, an empty flat whose meter keeps running), where writers also disagree on
    /// the label (a disconnection notice: pay_bill or query_due_date). Held at 88% (92.1% now, with the eighth session's h97, h108, h112 and h115 added) so
    /// that what the situation passes taught is not lost.
    @Test("situation descriptions stay above 88%")
    func situationSetFloor() {
        let lines = TestEngine.lines(of: "dev9-situations.jsonl")
        #expect(lines.count >= 1200)
        #expect(Self.accuracy(lines) >= 0.88, "\(Self.accuracy(lines))")
    }

    /// The seventh session's blind English set written "how people really type" (slang, typos,
    /// pinyin words, fragments such as "kwh this yr"): 87.6% on its first run, the one blind set of
    /// the session under 92%. Held at 85% so that later data does not lose it.
    @Test("English typed the way people chat stays above 85%")
    func casualEnglishFloor() {
        let lines = TestEngine.lines(of: "dev10-en.jsonl")
        #expect(lines.count >= 190)
        #expect(Self.accuracy(lines) >= 0.85, "\(Self.accuracy(lines))")
    }

    /// The amount stress sets: every way of writing money in the nine languages (dev7, fourth
    /// session), and the fifth session's sets written to trap the extractor (dev8: corrections,
    /// codes, ages, every currency).
    @Test("amounts in the stress sets come out exact", arguments: [("dev7-amounts.jsonl", 250, 0.95), ("dev8-amounts.jsonl", 350, 0.96)])
    func amountStressSet(file: String, minimumLines: Int, floor: Double) {
        let lines = TestEngine.lines(of: file).filter { $0.slots["amount"] != nil }
        #expect(lines.count >= minimumLines)
        let exact = lines.filter { line in
            let amount = TestEngine.shared.parse(line.text, language: line.language, reference: TestEngine.reference).slots.amount
            return amount.map { "\($0.decimalString) \($0.currency.code)" } == line.slots["amount"]
        }
        #expect(Double(exact.count) / Double(lines.count) >= floor, "\(file): \(exact.count) of \(lines.count)")
    }

    @Test("a bare number in a message that asks to pay is its amount, unless a word says what it counts", arguments: [
        ("top up grandma's meter, 180 please", "180.00 CNY"), ("Pay for account 4403921178, 260", "260.00 CNY"),
        ("帮我妈交电费 户号1002345678 三百", "300.00 CNY"), ("pay the bill for flat 12", "none"), ("pay the bill for the last 3 months", "none")])
    func bareNumberInAPaymentRequest(text: String, expected: String) {
        let result = TestEngine.shared.parse(text, reference: TestEngine.reference)
        #expect(result.intent == .payBill)
        #expect((result.slots.amount.map { "\($0.decimalString) \($0.currency.code)" } ?? "none") == expected)
    }

    @Test("a bare number in a question about the bill is not an amount")
    func bareNumberInABillQuestion() {
        let result = TestEngine.shared.parse("how much does flat 12 owe this month", reference: TestEngine.reference)
        #expect(result.intent != .payBill)
        #expect(result.slots.amount == nil)
    }

    @Test("other utilities' bills and chit-chat are never a confident payment", arguments: [
        "帮我交水费", "燃气费怎么交", "给手机充一百块话费", "pay my phone bill", "what's the weather", "讲个笑话",
    ])
    func outOfScopeIsNeverPayment(text: String) {
        let result = TestEngine.shared.parse(text, reference: TestEngine.reference)
        #expect(!(result.intent == .payBill && result.isConfident))
    }
}

/// Language detection by script and vocabulary.
struct LanguageDetectionTests {
    @Test("the language is told apart by script and words", arguments: [
        ("我要交电费", "zh-Hans"), ("我要繳電費", "zh-Hant"), ("電気代を払いたい", "ja"), ("電気代", "ja"), ("전기요금 내고 싶어요", "ko"),
        ("оплатить свет", "ru"), ("pay my electricity bill", "en"), ("quiero pagar la luz", "es"), ("je veux payer l'électricité", "fr"),
        ("ich möchte den strom bezahlen", "de"), ("帮我pay一下电费", "zh-Hans"), ("can i pay 电费 for my mom", "en"),
    ])
    func detection(text: String, expected: String) {
        #expect(TestEngine.shared.parse(text, reference: TestEngine.reference).language.rawValue == expected)
    }
}
