import PayAssistCore

/// A reminder text with `{placeholders}`, checked once when a rule is saved and rendered per
/// reminder. `{{` and `}}` stand for literal braces.
public struct ReminderTemplate: Sendable, Equatable {
    /// Every placeholder a template may use.
    public static let placeholders: [String] = ["name", "amount", "due_date", "account", "period", "days_left", "pay_link"]

    private enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    /// The template text as the operator wrote it.
    public let source: String
    private let pieces: [Piece]

    /// Parses a template; throws for empty text, unbalanced braces and unknown placeholders.
    public init(_ source: String, language: Language) throws {
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReminderError.emptyTemplate(language) }
        guard source.count <= 1000 else { throw ReminderError.invalidTemplate(language, "longer than 1000 characters") }
        var pieces: [Piece] = []
        var text = ""
        var index = source.startIndex
        while index < source.endIndex {
            let character = source[index]
            let next = source.index(after: index)
            if character == "{" {
                if next < source.endIndex, source[next] == "{" {
                    text.append("{")
                    index = source.index(after: next)
                    continue
                }
                guard let close = source[next...].firstIndex(of: "}") else {
                    throw ReminderError.invalidTemplate(language, "a { is never closed")
                }
                let name = String(source[next..<close])
                guard ReminderTemplate.placeholders.contains(name) else { throw ReminderError.unknownPlaceholder(name, language) }
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                pieces.append(.placeholder(name))
                index = source.index(after: close)
            } else if character == "}" {
                guard next < source.endIndex, source[next] == "}" else {
                    throw ReminderError.invalidTemplate(language, "a } has no matching {")
                }
                text.append("}")
                index = source.index(after: next)
            } else {
                text.append(character)
                index = next
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.source = source
        self.pieces = pieces
    }

    /// The text with each placeholder replaced by its value (missing values render empty).
    public func render(_ values: [String: String]) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .placeholder(let name): out += values[name] ?? ""
            }
        }
        return out
    }
}
