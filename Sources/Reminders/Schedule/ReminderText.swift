import Billing
import PayAssistCore

/// Renders a reminder's text from its rule's template in the customer's language.
enum ReminderText {
    /// "128.50元" in Chinese, "CNY 128.50" elsewhere.
    static func amount(_ money: Money, language: Language) -> String {
        language.isChinese ? "\(money.decimalString)元" : "\(money.currency.code) \(money.decimalString)"
    }

    /// The text of one planned reminder; a missing language falls back to English, then Simplified Chinese.
    static func render(rule: CompiledRule, subject: SubjectRecord, bill: BillRecord, day: Int32, currency: Currency, payLinks: any PayLinkProvider) -> String {
        let language = subject.language
        guard let template = rule.templates[language] ?? rule.templates[.en] ?? rule.templates[.zhHans] ?? rule.templates.values.first else { return "" }
        let money = Money(minorUnits: max(bill.outstandingMinor, 0), currency: currency)
        let values: [String: String] = [
            "name": subject.name,
            "amount": amount(money, language: language),
            "due_date": CivilDay.date(bill.dueDay).description,
            "account": bill.accountNumber,
            "period": bill.period,
            "days_left": String(bill.dueDay - day),
            "pay_link": payLinks.payLink(accountNumber: bill.accountNumber, amount: money, customerID: subject.customerID, language: language) ?? "",
        ]
        return template.render(values)
    }
}
