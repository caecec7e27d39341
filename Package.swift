// swift-tools-version:6.0
// PayAssist: the backend of a voice-and-text assistant for paying electricity bills.
// No package dependencies: only the toolchain and system C libraries (SQLite 3, libcrypto).
import PackageDescription

let package = Package(
    name: "PayAssist",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "payassist", targets: ["payassist"]),
    ],
    targets: [
        // C libraries every machine here has, GRDB-style: a modulemap and a shim header.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", providers: [.apt(["libssl-dev"])]),
        // Linux epoll/eventfd headers (part of glibc, not exported by the Swift Glibc module).
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),

        // Bottom layer: value types shared by every capability (money, clocks, errors, crypto, logs).
        .target(name: "PayAssistCore", dependencies: ["CCrypto"]),
        // I/O: SQLite storage and the HTTP/1.1 server.
        .target(name: "Storage", dependencies: ["CSQLite", "PayAssistCore"]),
        .target(name: "HTTPServer", dependencies: ["PayAssistCore", "CEpoll"]),
        // Domain capabilities: none of them knows HTTP routes.
        .target(name: "Billing", dependencies: ["PayAssistCore", "Storage"]),
        // Optimized even in debug builds: training the classifier at start-up is number crunching
        // that takes seconds unoptimized, and every test process that loads the engine waits for it.
        .target(name: "IntentEngine", dependencies: ["PayAssistCore"], swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "PaymentGateway", dependencies: ["PayAssistCore", "Storage"]),
        .target(name: "Reminders", dependencies: ["PayAssistCore", "Storage", "Billing"]),
        .target(name: "Assistant", dependencies: ["PayAssistCore", "Storage", "Billing", "IntentEngine", "PaymentGateway"]),
        // HTTP edges: thin layers that map requests to domain calls.
        .target(name: "GatewayService", dependencies: ["PayAssistCore", "HTTPServer", "PaymentGateway"]),
        .target(name: "PayAssistAPI", dependencies: ["PayAssistCore", "HTTPServer", "Storage", "Billing", "Reminders", "Assistant", "PaymentGateway"]),
        // The one executable: its subcommands are the ways to run PayAssist.
        .executableTarget(name: "payassist", dependencies: [
            "PayAssistCore", "Storage", "HTTPServer", "Billing", "IntentEngine", "PaymentGateway",
            "GatewayService", "Reminders", "Assistant", "PayAssistAPI",
        ]),

        .testTarget(name: "PayAssistCoreTests", dependencies: ["PayAssistCore"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "PayAssistCore"]),
        .testTarget(name: "BillingTests", dependencies: ["Billing"]),
        .testTarget(name: "IntentEngineTests", dependencies: ["IntentEngine"]),
        .testTarget(name: "PaymentGatewayTests", dependencies: ["PaymentGateway", "GatewayService", "HTTPServer"]),
        .testTarget(name: "RemindersTests", dependencies: ["Reminders", "Billing"]),
        .testTarget(name: "AssistantTests", dependencies: ["Assistant", "Billing", "IntentEngine", "PaymentGateway", "PayAssistAPI", "HTTPServer", "GatewayService"]),
        .testTarget(name: "PayAssistAPITests", dependencies: ["PayAssistAPI", "HTTPServer", "GatewayService", "Billing"]),
    ]
)
