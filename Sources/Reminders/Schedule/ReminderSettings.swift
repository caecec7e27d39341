import Foundation
import PayAssistCore

/// Service-wide reminder settings.
public struct ReminderSettings: Sendable {
    /// At most this many reminders per customer per local day, across all rules (higher priority first).
    public var maxPerCustomerPerDay: Int
    /// The zone used when a customer's time zone is unknown.
    public var fallbackTimeZone: TimeZone
    /// The rule used for customers who opted in but whom no operator rule targets.
    public var personalRule: ReminderRule

    public init(maxPerCustomerPerDay: Int = 2, fallbackTimeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!,
                personalRule: ReminderRule = ReminderSettings.defaultPersonalRule) {
        self.maxPerCustomerPerDay = max(1, maxPerCustomerPerDay)
        self.fallbackTimeZone = fallbackTimeZone
        self.personalRule = personalRule
    }

    /// The id of the personal rule in deliveries.
    public static let personalRuleID = "personal"

    /// Three days before the due date, on it, and three days after, at 09:00 by SMS, in every language.
    public static let defaultPersonalRule = ReminderRule(
        id: personalRuleID, name: "Customer's own reminder",
        audience: ReminderAudience(all: true),
        trigger: ReminderTrigger(daysBeforeDue: [3, 0], overdueDailyForDays: 3),
        localTime: try! LocalTime(hour: 9, minute: 0),
        quietHours: QuietHours(start: try! LocalTime(hour: 21, minute: 0), end: try! LocalTime(hour: 8, minute: 0)),
        channel: .sms,
        templates: [
            .zhHans: "{name}您好，您的电费账户{account}本期应缴{amount}，缴费截止日{due_date}。点击缴费：{pay_link}",
            .zhHant: "{name}您好，您的電費帳戶{account}本期應繳{amount}，繳費截止日{due_date}。點擊繳費：{pay_link}",
            .en: "Hello {name}, the electricity bill of account {account} is {amount}, due {due_date}. Pay: {pay_link}",
            .ja: "{name}様、電気料金（口座{account}）{amount}のお支払い期限は{due_date}です。お支払い：{pay_link}",
            .ko: "{name}님, 전기요금 계좌 {account}의 청구액 {amount}, 납부 기한 {due_date}입니다. 결제: {pay_link}",
            .es: "Hola {name}: la factura de luz de la cuenta {account} es de {amount} y vence el {due_date}. Pagar: {pay_link}",
            .fr: "Bonjour {name}, la facture d'électricité du compte {account} s'élève à {amount}, à régler avant le {due_date}. Payer : {pay_link}",
            .de: "Hallo {name}, die Stromrechnung für Konto {account} beträgt {amount}, fällig am {due_date}. Bezahlen: {pay_link}",
            .ru: "Здравствуйте, {name}! Счёт за электричество по лицевому счёту {account}: {amount}, срок оплаты {due_date}. Оплатить: {pay_link}",
        ],
        priority: -1, stopWhenPaid: true, graceMinutes: 120,
        createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
}
