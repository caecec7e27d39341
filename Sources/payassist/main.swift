import Foundation
import PayAssistCore

// The `payassist` executable: the first word picks a subcommand; everything else is its flags.
signal(SIGPIPE, SIG_IGN)

let words = Array(CommandLine.arguments.dropFirst())

func printTopLevelHelp() {
    var text = "payassist: the PayAssist backend (voice-and-text electricity bill payment assistant).\n\nUSAGE: payassist <subcommand> [flags]\n\nSUBCOMMANDS:\n"
    for command in allSubcommands {
        text += "  " + command.name.padding(toLength: 20, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    text += "\nRun `payassist <subcommand> --help` for its flags.\n"
    print(text, terminator: "")
}

guard let first = words.first, first != "--help", first != "-h", first != "help" else {
    printTopLevelHelp()
    exit(0)
}

// Subcommand names may have two words ("bench http", "intents export"): the longest match wins.
let matched = allSubcommands
    .filter { command in
        let nameWords = command.name.split(separator: " ").map(String.init)
        return words.count >= nameWords.count && Array(words.prefix(nameWords.count)) == nameWords
    }
    .max { $0.name.count < $1.name.count }

guard let command = matched else {
    FileHandle.standardError.write(Data("payassist: unknown subcommand '\(first)'\n\n".utf8))
    printTopLevelHelp()
    exit(64)
}

let rest = Array(words.dropFirst(command.name.split(separator: " ").count))
if rest.contains("--help") || rest.contains("-h") {
    print(helpText(for: command), terminator: "")
    exit(0)
}

do {
    let arguments = try ParsedArguments(rest, flags: command.flags)
    let status = try await command.run(arguments)
    exit(status)
} catch let error as UsageError {
    FileHandle.standardError.write(Data("payassist \(command.name): \(error.description)\nRun `payassist \(command.name) --help` for usage.\n".utf8))
    exit(64)
} catch let error as any CodedError {
    FileHandle.standardError.write(Data("payassist \(command.name): \(error.code): \(error.message)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("payassist \(command.name): \(error)\n".utf8))
    exit(1)
}
