/// A language PayAssist speaks, as a BCP-47 tag. Every reply, error and template comes in each.
public enum Language: String, CaseIterable, Sendable, Codable, Hashable {
    case zhHans = "zh-Hans"
    case zhHant = "zh-Hant"
    case en
    case ja
    case ko
    case es
    case fr
    case de
    case ru

    /// Parses a BCP-47 tag leniently ("zh-CN" and "zh" are Simplified, "zh-TW"/"zh-HK" Traditional,
    /// "en-US" is English); nil for a language PayAssist does not support.
    public init?(tag: String) {
        let lowered = tag.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        if lowered.isEmpty { return nil }
        if let exact = Language.allCases.first(where: { $0.rawValue.lowercased() == lowered }) {
            self = exact
            return
        }
        let parts = lowered.split(separator: "-").map(String.init)
        switch parts[0] {
        case "zh":
            let rest = Set(parts.dropFirst())
            self = rest.contains("hant") || rest.contains("tw") || rest.contains("hk") || rest.contains("mo") ? .zhHant : .zhHans
        case "en": self = .en
        case "ja": self = .ja
        case "ko": self = .ko
        case "es": self = .es
        case "fr": self = .fr
        case "de": self = .de
        case "ru": self = .ru
        default: return nil
        }
    }

    /// Picks the best supported language from an HTTP `Accept-Language` header, honouring q-values.
    public static func preferred(fromAcceptLanguage header: String?) -> Language? {
        guard let header, !header.isEmpty else { return nil }
        var candidates: [(Language, Double, Int)] = []
        for (index, item) in header.split(separator: ",").enumerated() {
            let pieces = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(tag: tag) else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if quality > 0 { candidates.append((language, quality, index)) }
        }
        return candidates.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.first?.0
    }

    /// The Foundation locale identifier used to format numbers, dates and currencies for this language.
    public var localeIdentifier: String {
        switch self {
        case .zhHans: return "zh_Hans_CN"
        case .zhHant: return "zh_Hant_TW"
        case .en: return "en_US"
        case .ja: return "ja_JP"
        case .ko: return "ko_KR"
        case .es: return "es_ES"
        case .fr: return "fr_FR"
        case .de: return "de_DE"
        case .ru: return "ru_RU"
        }
    }

    /// True for the two Chinese scripts.
    public var isChinese: Bool { self == .zhHans || self == .zhHant }
}
