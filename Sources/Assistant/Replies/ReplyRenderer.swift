import Billing
import Foundation
import PayAssistCore

/// A reply as the channel gets it: display text and, on voice, SSML.
public struct RenderedReply: Sendable, Equatable, Encodable {
    /// What the chat shows or a plain text-to-speech engine says.
    public let text: String
    /// SSML for the voice front end (nil in chat).
    public let ssml: String?
}

/// Fills catalog templates for a channel and a person: locale-formatted amounts in chat; on voice,
/// SSML `say-as` for currency and account digits, slower speech and repeated key numbers for
/// customers tagged elderly.
public struct ReplyRenderer: Sendable {
    public let catalog: ReplyCatalog

    /// A renderer over a catalog.
    public init(catalog: ReplyCatalog) { self.catalog = catalog }

    /// Renders messages into one reply.
    ///
    /// - Parameters:
    ///   - timeZone: where instants are shown (the customer's zone).
    public func render(_ messages: [ReplyMessage], language: Language, channel: AssistantChannel, elderly: Bool, timeZone: TimeZone) -> RenderedReply {
        let separator = language.isChinese || language == .ja ? "" : " "
        var texts: [String] = []
        var spoken: [String] = []
        for message in messages {
            texts.append(fill(message.key, message.values, language: language, timeZone: timeZone, ssml: false))
            spoken.append(fill(message.key, message.values, language: language, timeZone: timeZone, ssml: true))
            if channel == .voice, elderly, !message.keyNumbers.isEmpty {
                let plain = message.keyNumbers.map { format($0, language: language, timeZone: timeZone, ssml: false) }.joined(separator: language.isChinese ? "，" : ", ")
                let marked = message.keyNumbers.map { format($0, language: language, timeZone: timeZone, ssml: true) }.joined(separator: "<break time=\"400ms\"/>")
                texts.append(fill("repeat_key_numbers", ["numbers": .text(plain)], language: language, timeZone: timeZone, ssml: false))
                spoken.append("<break time=\"700ms\"/>" + catalog.template("repeat_key_numbers", in: language)
                    .components(separatedBy: "{numbers}").map(ReplyRenderer.escape).joined(separator: marked))
            }
        }
        let text = texts.joined(separator: separator)
        guard channel == .voice else { return RenderedReply(text: text, ssml: nil) }
        let body = spoken.joined(separator: "<break time=\"300ms\"/>")
        let lang = language.localeIdentifier.replacingOccurrences(of: "_", with: "-")
        let ssml = elderly
            ? "<speak xml:lang=\"\(lang)\"><prosody rate=\"slow\">\(body)</prosody></speak>"
            : "<speak xml:lang=\"\(lang)\">\(body)</speak>"
        return RenderedReply(text: text, ssml: ssml)
    }

    /// Fills one template; in SSML mode the literal text is escaped and values are marked up.
    public func fill(_ key: String, _ values: [String: ReplyValue], language: Language, timeZone: TimeZone, ssml: Bool) -> String {
        let template = catalog.template(key, in: language)
        var output = ""
        var literal = ""
        var name: String?
        for character in template {
            if character == "{" {
                name = ""
            } else if character == "}", let placeholder = name {
                output += ssml ? ReplyRenderer.escape(literal) : literal
                literal = ""
                output += values[placeholder].map { format($0, language: language, timeZone: timeZone, ssml: ssml) } ?? ""
                name = nil
            } else if name != nil {
                name!.append(character)
            } else {
                literal.append(character)
            }
        }
        output += ssml ? ReplyRenderer.escape(literal) : literal
        return output
    }

    /// One value as text or SSML.
    public func format(_ value: ReplyValue, language: Language, timeZone: TimeZone, ssml: Bool) -> String {
        switch value {
        case .text(let text):
            return ssml ? ReplyRenderer.escape(text) : text
        case .money(let money):
            let shown = ReplyRenderer.formatMoney(money, language: language)
            return ssml ? "<say-as interpret-as=\"currency\">\(money.currency.code) \(money.decimalString)</say-as>" : shown
        case .account(let number):
            return ssml ? "<say-as interpret-as=\"digits\">\(ReplyRenderer.escape(number))</say-as>" : number
        case .date(let date):
            let instant = date.startOfDay(in: .gmt).addingTimeInterval(12 * 3600)
            let text = instant.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: language.localeIdentifier), timeZone: .gmt))
            return ssml ? ReplyRenderer.escape(text) : text
        case .number(let number):
            return String(number)
        case .timeOfDay(let time):
            return time.description
        case .month(let month):
            let instant = month.firstDay.startOfDay(in: .gmt).addingTimeInterval(12 * 3600)
            let style = Date.FormatStyle(date: .omitted, time: .omitted, locale: Locale(identifier: language.localeIdentifier), timeZone: .gmt).year().month(.wide)
            let text = instant.formatted(style)
            return ssml ? ReplyRenderer.escape(text) : text
        case .instant(let date):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
    }

    /// An amount formatted for the language's locale ("¥128.50", "128,50 CNY"), from exact minor units.
    public static func formatMoney(_ money: Money, language: Language) -> String {
        var decimal = Decimal(money.minorUnits)
        for _ in 0..<money.currency.minorDigits { decimal /= 10 }
        return decimal.formatted(.currency(code: money.currency.code).locale(Locale(identifier: language.localeIdentifier)))
    }

    /// Escapes text for SSML/XML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
