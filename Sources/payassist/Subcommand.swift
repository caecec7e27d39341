import Foundation

/// One way to run PayAssist: `payassist <name> [flags]`.
protocol Subcommand: Sendable {
    /// The word after `payassist` ("serve").
    static var name: String { get }
    /// One line for `payassist --help`.
    static var summary: String { get }
    /// The flags this subcommand takes, for parsing and `--help`.
    static var flags: [Flag] { get }
    /// Extra help text after the flag table (positional arguments, examples); may be empty.
    static var details: String { get }
    /// Runs the subcommand with the words after its name; returns the exit status.
    static func run(_ arguments: ParsedArguments) async throws -> Int32
}

extension Subcommand {
    static var details: String { "" }
}

/// A command-line flag: `--name VALUE` (or `--name=VALUE`), or a boolean `--name`.
struct Flag {
    /// The flag without dashes ("port").
    let name: String
    /// What it does, with units.
    let help: String
    /// The value used when neither the flag nor its environment variable is given.
    let defaultValue: String?
    /// An environment variable read when the flag is absent ("PAYASSIST_PORT").
    let environment: String?
    /// True for a flag that takes no value.
    let isBoolean: Bool

    init(_ name: String, help: String, default defaultValue: String? = nil, env environment: String? = nil, boolean isBoolean: Bool = false) {
        self.name = name
        self.help = help
        self.defaultValue = defaultValue
        self.environment = environment
        self.isBoolean = isBoolean
    }
}

/// Why a command line could not be used.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Parsed flags and positional arguments, with environment and default fallbacks.
struct ParsedArguments {
    private var values: [String: String] = [:]
    private var booleans: Set<String> = []
    /// Words that are not flags, in order.
    private(set) var positionals: [String] = []
    private let flags: [Flag]

    /// Parses `words` against `flags`; unknown flags and missing values are usage errors.
    init(_ words: [String], flags: [Flag], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.flags = flags
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let flag = flags.first(where: { $0.name == name }) else {
                throw UsageError(description: "unknown flag --\(name)")
            }
            if flag.isBoolean {
                if let inline, !["true", "1", "yes"].contains(inline) { continue }
                booleans.insert(name)
            } else if let inline {
                values[name] = inline
            } else {
                guard index < words.count else { throw UsageError(description: "--\(name) needs a value") }
                values[name] = words[index]
                index += 1
            }
        }
        for flag in flags where values[flag.name] == nil && !flag.isBoolean {
            if let variable = flag.environment, let value = environment[variable], !value.isEmpty {
                values[flag.name] = value
            } else if let value = flag.defaultValue {
                values[flag.name] = value
            }
        }
        for flag in flags where flag.isBoolean && !booleans.contains(flag.name) {
            if let variable = flag.environment, let value = environment[variable], ["1", "true", "yes"].contains(value.lowercased()) {
                booleans.insert(flag.name)
            }
        }
    }

    /// A flag's value (from the command line, the environment or the default).
    func string(_ name: String) -> String? { values[name] }

    /// A flag's value that must be present.
    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw UsageError(description: "--\(name) is required") }
        return value
    }

    /// A flag's value as an integer within `range`.
    func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(description: "--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \(text)")
        }
        return value
    }

    /// A flag's value as a number of seconds (fractions allowed) within `range`.
    func seconds(_ name: String, in range: ClosedRange<Double> = 0...86_400) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw UsageError(description: "--\(name) must be seconds in \(range.lowerBound)...\(range.upperBound), got \(text)")
        }
        return value
    }

    /// True when a boolean flag was given.
    func bool(_ name: String) -> Bool { booleans.contains(name) }
}

/// Formats a subcommand's help: summary, usage and a table of flags with defaults and variables.
func helpText(for command: any Subcommand.Type) -> String {
    var text = "\(command.summary)\n\nUSAGE: payassist \(command.name) [flags]\n"
    if !command.flags.isEmpty {
        text += "\nFLAGS:\n"
        for flag in command.flags {
            var line = "  --\(flag.name)" + (flag.isBoolean ? "" : " VALUE")
            line = line.padding(toLength: max(line.count, 28), withPad: " ", startingAt: 0)
            line += " " + flag.help
            var notes: [String] = []
            if let value = flag.defaultValue { notes.append("default: \(value)") }
            if let variable = flag.environment { notes.append("env: \(variable)") }
            if !notes.isEmpty { line += " (" + notes.joined(separator: "; ") + ")" }
            text += line + "\n"
        }
    }
    text += "  --help".padding(toLength: 28, withPad: " ", startingAt: 0) + " Show this help.\n"
    if !command.details.isEmpty { text += "\n" + command.details + "\n" }
    return text
}
