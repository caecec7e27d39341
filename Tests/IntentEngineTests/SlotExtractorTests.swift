import IntentEngine
import PayAssistCore
import Testing

/// Slot extraction reads amounts, accounts, months, language names and times in every language.
struct SlotExtractorTests {
    let slots = TestEngine.shared.slotExtractor

    @Test("amounts come out in minor units with the right currency", arguments: [
        ("¥120.5", "zh-Hans", "120.50 CNY"),
        ("交120块5", "zh-Hans", "120.50 CNY"),
        ("一百二十块五", "zh-Hans", "120.50 CNY"),
        ("两百元整", "zh-Hans", "200.00 CNY"),
        ("三千零五十元", "zh-Hans", "3050.00 CNY"),
        ("五十美元", "zh-Hans", "50.00 USD"),
        ("两块五毛", "zh-Hans", "2.50 CNY"),
        ("五毛钱", "zh-Hans", "0.50 CNY"),
        ("$50", "en", "50.00 USD"),
        ("pay 50 bucks", "en", "50.00 USD"),
        ("USD 50", "en", "50.00 USD"),
        ("pay 1,200 yuan", "en", "1200.00 CNY"),
        ("5000円", "ja", "5000 JPY"),
        ("¥5000", "ja", "5000 JPY"),
        ("3万韩元", "zh-Hans", "30000 KRW"),
        ("3만원", "ko", "30000 KRW"),
        ("€30", "fr", "30.00 EUR"),
        ("30 euros", "es", "30.00 EUR"),
        ("30,50 €", "de", "30.50 EUR"),
        ("200 рублей", "ru", "200.00 RUB"),
        ("HK$100", "en", "100.00 HKD"),
        ("pay fifty dollars", "en", "50.00 USD"),
        ("a hundred bucks", "en", "100.00 USD"),
        ("two hundred and twenty yuan", "en", "220.00 CNY"),
    ])
    func amount(text: String, tag: String, expected: String) {
        let money = slots.extract(from: text, language: Language(tag: tag), reference: TestEngine.reference).amount
        #expect(money.map { "\($0.decimalString) \($0.currency.code)" } == expected)
    }

    @Test("a bare number is an amount only in a follow-up turn or after a pay verb")
    func bareNumbers() {
        #expect(slots.amount(in: "两百")?.minorUnits == 20_000)
        #expect(slots.amount(in: "200")?.currency == .cny)
        #expect(slots.extract(from: "交200", reference: TestEngine.reference).amount?.minorUnits == 20_000)
        #expect(slots.extract(from: "我家有3口人", reference: TestEngine.reference).amount == nil)
        #expect(slots.extract(from: "交3月的电费", reference: TestEngine.reference).amount == nil)
    }

    @Test("account numbers are found however they are written", arguments: [
        ("户号1002345678", "1002345678"),
        ("my account is 1002 3456 78", "1002345678"),
        ("account 100-234-5678", "1002345678"),
        ("幺零零二三四五六七八", "1002345678"),
        ("户号是幺洞洞二 三四五 六七八", "1002345678"),
        ("一零零二三四五六七八", "1002345678"),
    ])
    func account(text: String, expected: String) {
        #expect(slots.account(in: text) == expected)
    }

    @Test("a phone number or a short number is not an account")
    func notAccounts() {
        #expect(slots.account(in: "13812345678") == nil)
        #expect(slots.account(in: "交200块") == nil)
    }

    @Test("months resolve against the reference month", arguments: [
        ("上个月的电费", "zh-Hans", "2026-05"),
        ("三月份用了多少电", "zh-Hans", "2026-03"),
        ("十二月的账单", "zh-Hans", "2025-12"),
        ("2025年11月的电费", "zh-Hans", "2025-11"),
        ("last month", "en", "2026-05"),
        ("the bill for March 2026", "en", "2026-03"),
        ("what did I use in may", "en", "2026-05"),
        ("le mois dernier", "fr", "2026-05"),
        ("в марте", "ru", "2026-03"),
        ("先月の電気代", "ja", "2026-05"),
        ("지난달 전기요금", "ko", "2026-05"),
        ("factura de marzo", "es", "2026-03"),
        ("去年三月的电费", "zh-Hans", "2025-03"),
        ("march of last year", "en", "2025-03"),
    ])
    func period(text: String, tag: String, expected: String) {
        #expect(slots.extract(from: text, language: Language(tag: tag), reference: TestEngine.reference).period?.description == expected)
    }

    @Test("the English modal 'may' is not a month")
    func mayIsNotAMonth() {
        #expect(slots.extract(from: "may i pay my bill", language: .en, reference: TestEngine.reference).period == nil)
    }

    @Test("times of day for reminders", arguments: [
        ("每天早上八点提醒我", "zh-Hans", "08:00"),
        ("晚上九点半", "zh-Hans", "21:30"),
        ("下午3点15分", "zh-Hans", "15:15"),
        ("remind me at 9pm", "en", "21:00"),
        ("at 21:30", "en", "21:30"),
        ("à 21h30", "fr", "21:30"),
        ("um 9 Uhr abends", "de", "21:00"),
        ("в 9 утра", "ru", "09:00"),
        ("毎朝8時に", "ja", "08:00"),
        ("오후 9시", "ko", "21:00"),
    ])
    func time(text: String, tag: String, expected: String) {
        #expect(slots.extract(from: text, language: Language(tag: tag), reference: TestEngine.reference).time?.description == expected)
    }

    @Test("'a bit' is not one o'clock")
    func aBitIsNotATime() {
        #expect(slots.extract(from: "便宜一点", reference: TestEngine.reference).time == nil)
    }

    @Test("language names in every language", arguments: [
        ("说英语", "en"), ("换成繁体中文", "zh-Hant"), ("speak Chinese", "zh-Hans"), ("en español por favor", "es"),
        ("日本語でお願いします", "ja"), ("한국어로", "ko"), ("auf Deutsch bitte", "de"), ("по-русски", "ru"), ("en français", "fr"),
    ])
    func language(text: String, expected: String) {
        #expect(slots.extract(from: text, reference: TestEngine.reference).language?.rawValue == expected)
    }
}
