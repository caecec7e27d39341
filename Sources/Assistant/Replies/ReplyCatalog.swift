import Foundation
import PayAssistCore

/// The assistant's reply templates per key and language, loaded from Fixtures/assistant/replies.json
/// so translators can review and extend them without touching code.
///
/// Templates hold `{name}` placeholders. zh-Hant may be omitted: it is derived from zh-Hans with
/// ICU's Hans-Hant transform. Loading checks that every key has every language with the same
/// placeholders, so a missing translation fails at start-up, not in front of a customer.
public struct ReplyCatalog: Sendable {
    private let templates: [String: [Language: String]]

    /// Every key in the catalog.
    public var keys: [String] { templates.keys.sorted() }

    /// Builds a catalog from `key -> language tag -> template`.
    ///
    /// - Throws: `AssistantSetupError.invalidReplyCatalog` when a language is missing or a translation's
    ///   placeholders differ from the English one.
    public init(entries: [String: [String: String]]) throws {
        var built: [String: [Language: String]] = [:]
        for (key, byTag) in entries where !key.hasPrefix("_") {
            var texts: [Language: String] = [:]
            for (tag, text) in byTag {
                guard let language = Language(tag: tag) ?? Language(rawValue: tag) else { throw AssistantSetupError.invalidReplyCatalog("\(key): \(tag) is not a language tag") }
                texts[language] = text
            }
            if texts[.zhHant] == nil, let simplified = texts[.zhHans] {
                texts[.zhHant] = simplified.applyingTransform(StringTransform(rawValue: "Hans-Hant"), reverse: false) ?? simplified
            }
            guard let english = texts[.en] else { throw AssistantSetupError.invalidReplyCatalog("\(key): no English text") }
            let expected = ReplyCatalog.placeholders(in: english)
            for language in Language.allCases {
                guard let text = texts[language] else { throw AssistantSetupError.invalidReplyCatalog("\(key): no \(language.rawValue) text") }
                guard ReplyCatalog.placeholders(in: text) == expected else {
                    throw AssistantSetupError.invalidReplyCatalog("\(key) (\(language.rawValue)): placeholders differ from English")
                }
            }
            built[key] = texts
        }
        templates = built
    }

    /// Loads the catalog from a JSON file.
    public static func load(from file: URL) throws -> ReplyCatalog {
        let entries: [String: [String: String]]
        do {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
            guard let dictionary = object as? [String: Any] else { throw AssistantSetupError.invalidReplyCatalog("not a JSON object") }
            entries = dictionary.compactMapValues { $0 as? [String: String] }
        } catch let error as AssistantSetupError {
            throw error
        } catch {
            throw AssistantSetupError.invalidReplyCatalog("\(file.lastPathComponent): \(error.localizedDescription)")
        }
        return try ReplyCatalog(entries: entries)
    }

    /// Loads Fixtures/assistant/replies.json from a Fixtures folder.
    public static func load(fixtures folder: URL) throws -> ReplyCatalog {
        try load(from: folder.appendingPathComponent("assistant/replies.json"))
    }

    /// The template for a key in a language (English when the key is unknown in it).
    public func template(_ key: String, in language: Language) -> String {
        templates[key]?[language] ?? templates[key]?[.en] ?? key
    }

    /// True when the catalog has the key.
    public func contains(_ key: String) -> Bool { templates[key] != nil }

    /// The `{name}` placeholders of a template, as a set.
    static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var current: String?
        for character in text {
            if character == "{" { current = "" }
            else if character == "}", let name = current { names.insert(name); current = nil }
            else if current != nil { current!.append(character) }
        }
        return names
    }
}
