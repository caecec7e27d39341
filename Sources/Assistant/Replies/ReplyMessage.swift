import Billing
import Foundation
import PayAssistCore

/// One value put into a reply template; rendered per channel (SSML `say-as` on voice, locale
/// formatting in chat).
public enum ReplyValue: Sendable, Equatable {
    /// Plain text, inserted as is (escaped in SSML).
    case text(String)
    /// An amount of money.
    case money(Money)
    /// A 10-digit account number (read digit by digit on voice).
    case account(String)
    /// A calendar date.
    case date(LocalDate)
    /// A whole number (kWh, minutes).
    case number(Int)
    /// A local time of day.
    case timeOfDay(LocalTimeOfDay)
    /// An instant, shown as a local time in the customer's zone.
    case instant(Date)
    /// A billing month ("October 2026", "2026年10月").
    case month(YearMonth)
}

/// A reply sentence: a template key from the reply catalog plus the values it needs.
public struct ReplyMessage: Sendable, Equatable {
    public let key: String
    public let values: [String: ReplyValue]
    /// Values an elderly voice customer hears again, slowly, after the sentence.
    public let keyNumbers: [ReplyValue]

    public init(_ key: String, _ values: [String: ReplyValue] = [:], keyNumbers: [ReplyValue] = []) {
        self.key = key
        self.values = values
        self.keyNumbers = keyNumbers
    }
}
