/// A language as a BCP-47 tag ("zh-Hans", "en", "it").
///
/// The nine `allCases` are the languages PayAssist's replies, errors and templates all come in.
/// The set is open: the intent engine learns any further language that Intents/ has phrases for
/// (a data change), and a reply with no template in such a language falls back to English.
public struct Language: RawRepresentable, CaseIterable, Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The tag in canonical case: language lower-case, script title-case, region upper-case.
    public let rawValue: String

    public static let zhHans = Language(canonical: "zh-Hans")
    public static let zhHant = Language(canonical: "zh-Hant")
    public static let en = Language(canonical: "en")
    public static let ja = Language(canonical: "ja")
    public static let ko = Language(canonical: "ko")
    public static let es = Language(canonical: "es")
    public static let fr = Language(canonical: "fr")
    public static let de = Language(canonical: "de")
    public static let ru = Language(canonical: "ru")

    /// The languages every reply, error message and template comes in, in catalog order.
    public static let allCases: [Language] = [.zhHans, .zhHant, .en, .ja, .ko, .es, .fr, .de, .ru]

    private init(canonical: String) { rawValue = canonical }

    /// Accepts any well-formed tag (2-3 letter language, then 1-8 character subtags) and puts it in
    /// canonical case; nil for anything else. It does not mean PayAssist speaks the language: use
    /// `init?(tag:)` for that.
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
              parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else { return nil }
        var canonical = [first.lowercased()]
        for part in parts.dropFirst() {
            switch part.count {
            case 4 where part.allSatisfy(\.isLetter): canonical.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            case 2 where part.allSatisfy(\.isLetter): canonical.append(part.uppercased())
            default: canonical.append(part.lowercased())
            }
        }
        self.rawValue = canonical.joined(separator: "-")
    }

    /// Parses a BCP-47 tag leniently among PayAssist's reply languages ("zh-CN" and "zh" are
    /// Simplified, "zh-TW"/"zh-HK" Traditional, "en-US" is English); nil for any other language.
    public init?(tag: String) {
        self.init(tag: tag, among: Language.allCases)
    }

    /// Parses a tag leniently among `supported`: an exact match first, then Chinese by script or
    /// region, then the primary language subtag ("pt-BR" finds "pt"); nil when none matches.
    public init?(tag: String, among supported: [Language]) {
        let lowered = tag.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        guard !lowered.isEmpty else { return nil }
        if let exact = supported.first(where: { $0.rawValue.lowercased() == lowered }) {
            self = exact
            return
        }
        let parts = lowered.split(separator: "-").map(String.init)
        guard let primary = parts.first else { return nil }
        if primary == "zh" {
            let rest = Set(parts.dropFirst())
            let traditional = rest.contains("hant") || rest.contains("tw") || rest.contains("hk") || rest.contains("mo")
            let wanted: Language = traditional ? .zhHant : .zhHans
            if let match = supported.first(where: { $0 == wanted }) ?? supported.first(where: \.isChinese) {
                self = match
                return
            }
            return nil
        }
        guard let match = supported.first(where: { $0.primarySubtag == primary }) else { return nil }
        self = match
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

    /// The language subtag alone ("zh" for "zh-Hans").
    public var primarySubtag: String { String(rawValue.prefix { $0 != "-" }) }

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
        default: return rawValue.replacingOccurrences(of: "-", with: "_")
        }
    }

    /// True for the two Chinese scripts (any "zh" tag).
    public var isChinese: Bool { primarySubtag == "zh" }

    /// The reply languages in catalog order first, then the others by tag.
    public static func < (lhs: Language, rhs: Language) -> Bool {
        CatalogOrder.isBefore(lhs, rhs, known: allCases, name: \.rawValue)
    }

    public var description: String { rawValue }
}
