import Foundation

/// `payassist serve`: the main job (API, assistant, checkout pages, reminders, in-process gateway).
enum ServeCommand: Subcommand {
    static let name = "serve"
    static let summary = "Run the PayAssist API on an embedded SQLite database seeded from Fixtures/."
    static let flags: [Flag] = [
        Flag("host", help: "Address to listen on.", default: "127.0.0.1", env: "PAYASSIST_HOST"),
        Flag("port", help: "TCP port to listen on (0 picks a free one).", default: "8080", env: "PAYASSIST_PORT"),
        Flag("db", help: "SQLite database path, or :memory:.", default: "./payassist.sqlite", env: "PAYASSIST_DB"),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        print("serve: not wired yet")
        return 0
    }
}
