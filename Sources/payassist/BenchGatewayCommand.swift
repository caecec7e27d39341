import Foundation
import GatewayService
import PayAssistCore
import PaymentGateway
import Storage
import Synchronization

/// `payassist bench gateway`: durable payment throughput, one-key concurrency and exactly-once under faults.
enum BenchGatewayCommand: Subcommand {
    static let name = "bench gateway"
    static let summary = "Benchmark the mock gateway: durable payments/s, 100 same-key retries, payments under injected faults."
    static let flags: [Flag] = [
        Flag("payments", help: "Payments for the throughput runs.", default: "20000"),
        Flag("concurrency", help: "Concurrent callers in the throughput runs.", default: "8"),
        Flag("fault-payments", help: "Payments in the fault run.", default: "1000"),
        Flag("fault-rate", help: "Share of requests that fail (half 500s before/after the work, half dropped answers).", default: "0.2"),
        Flag("skip-kill-test", help: "Skip the kill -9 run (it starts `payassist gateway` child processes).", boolean: true),
        Flag("dir", help: "Folder for the benchmark databases (default: a fresh temporary folder, removed afterwards)."),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let payments = try arguments.int("payments", in: 1...10_000_000) ?? 20_000
        let concurrency = try arguments.int("concurrency", in: 1...1_000) ?? 8
        let faultPayments = try arguments.int("fault-payments", in: 1...1_000_000) ?? 1_000
        guard let faultRate = Double(arguments.string("fault-rate") ?? "0.2"), (0...0.9).contains(faultRate) else {
            throw UsageError(description: "--fault-rate must be in 0...0.9")
        }
        let keepFolder = arguments.string("dir")
        let folder = URL(fileURLWithPath: keepFolder ?? NSTemporaryDirectory() + "payassist-bench-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keepFolder == nil { try? FileManager.default.removeItem(at: folder) } }
        let configuration = try GatewayConfiguration.fromFixtures()
        var failures = 0

        print("bench gateway: \(payments) payments, \(concurrency) concurrent callers, rates as of \(configuration.rates.asOf)")
        for synchronous in ["NORMAL", "FULL"] {
            let engine = try makeEngine(folder: folder, name: "engine-\(synchronous)", synchronous: synchronous, configuration: configuration)
            let seconds = try await timed {
                try await runConcurrently(count: payments, concurrency: concurrency) { index in
                    _ = try await engine.createPayment(paymentRequest(index, prefix: "e"), idempotencyKey: "e-\(index)", language: .en)
                }
            }
            let stored = try engine.store.paymentCounts().values.reduce(0, +)
            if stored != payments { failures += 1 }
            print(line("engine, synchronous=\(synchronous)", payments, seconds, extra: "stored \(stored)/\(payments)"))
        }

        do {
            let engine = try makeEngine(folder: folder, name: "http-in-process", synchronous: "NORMAL", configuration: configuration)
            let client = inProcessClient(engine: engine, faults: FaultInjection(), policy: GatewayRetryPolicy())
            let count = max(1, payments / 4)
            let seconds = try await timed {
                try await runConcurrently(count: count, concurrency: concurrency) { index in
                    _ = try await client.createPayment(paymentRequest(index, prefix: "h"), idempotencyKey: "h-\(index)", language: .en)
                }
            }
            print(line("HTTP routes + client, in process", count, seconds, extra: "JSON both ways, no socket"))
        }

        do {
            let path = folder.appendingPathComponent("live.sqlite").path
            let gateway = try GatewayServer.start(databasePath: path, port: 0, secretKey: "sk_bench", configuration: configuration)
            let client = HTTPGatewayClient(baseURL: gateway.baseURL, secretKey: "sk_bench")
            let count = max(1, payments / 4)
            do {
                let seconds = try await timed {
                    try await runConcurrently(count: count, concurrency: concurrency) { index in
                        _ = try await client.createPayment(paymentRequest(index, prefix: "l"), idempotencyKey: "l-\(index)", language: .en)
                    }
                }
                print(line("HTTP over loopback (HTTPServer + URLSession client)", count, seconds, extra: "\(concurrency) connections"))
            } catch {
                await gateway.shutdown()
                throw error
            }
            await gateway.shutdown()
        }

        do {
            let engine = try makeEngine(folder: folder, name: "same-key", synchronous: "NORMAL", configuration: configuration)
            let client = inProcessClient(engine: engine, faults: FaultInjection(),
                                         policy: GatewayRetryPolicy(maxAttempts: 20, timeout: 5, initialDelay: 0.002, maximumDelay: 0.05))
            let request = paymentRequest(0, prefix: "same")
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<100 { group.addTask { try await client.createPayment(request, idempotencyKey: "one-key", language: .en).id } }
                var ids: Set<String> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            let charges = try engine.store.paymentCount(reference: request.reference)
            if charges != 1 || ids.count != 1 { failures += 1 }
            print("  100 concurrent retries of one key: \(charges) charge(s), \(ids.count) distinct payment id(s) answered")
        }

        do {
            let engine = try makeEngine(folder: folder, name: "faults", synchronous: "NORMAL", configuration: configuration)
            let faults = FaultInjection(.init(errorRate: faultRate / 2, dropRate: faultRate / 2, dropHoldMilliseconds: 200))
            let client = inProcessClient(engine: engine, faults: faults,
                                         policy: GatewayRetryPolicy(maxAttempts: 30, timeout: 0.05, initialDelay: 0.002, maximumDelay: 0.05))
            let counter = AttemptCounter()
            let seconds = try await timed {
                try await runConcurrently(count: faultPayments, concurrency: concurrency) { index in
                    let payment = try await client.createPayment(paymentRequest(index, prefix: "f"), idempotencyKey: "f-\(index)", language: .en)
                    if payment.status == .succeeded { counter.add() }
                }
            }
            var wrong = 0
            for index in 0..<faultPayments where try engine.store.paymentCount(reference: "f-ref-\(index)") != 1 { wrong += 1 }
            if wrong != 0 || counter.value != faultPayments { failures += 1 }
            print(line("\(Int(faultRate * 100))% injected faults, client retries", faultPayments, seconds,
                       extra: "answered \(counter.value), charged exactly once: \(faultPayments - wrong)/\(faultPayments)"))
        }
        if !arguments.bool("skip-kill-test") {
            if try await !killDuringLoad(folder: folder, concurrency: concurrency, loadSeconds: 2) { failures += 1 }
        }
        print(failures == 0 ? "bench gateway: all checks passed" : "bench gateway: \(failures) check(s) FAILED")
        return failures == 0 ? 0 : 1
    }

    private static func makeEngine(folder: URL, name: String, synchronous: String, configuration: GatewayConfiguration) throws -> GatewayEngine {
        let database = try Database(path: folder.appendingPathComponent("\(name).sqlite").path, synchronous: synchronous)
        return try GatewayEngine(store: GatewayStore(database: database), configuration: configuration)
    }

    private static func inProcessClient(engine: GatewayEngine, faults: FaultInjection, policy: GatewayRetryPolicy) -> HTTPGatewayClient {
        let router = GatewayRoutes.makeRouter(engine: engine, secretKey: "sk_bench", faults: faults)
        return HTTPGatewayClient(transport: InProcessGatewayTransport(responder: router), secretKey: "sk_bench", policy: policy)
    }

    static func paymentRequest(_ index: Int, prefix: String) -> CreatePaymentRequest {
        let card = CardDetails(number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123", holder: "Bench Payer")
        return CreatePaymentRequest(amount: 10_000 + Int64(index % 5_000), reference: "\(prefix)-ref-\(index)", method: .card(card),
                                    payerCurrency: ["USD", "EUR", "JPY", "KRW", "GBP"][index % 5])
    }

    static func runConcurrently(count: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<min(concurrency, count) {
                group.addTask {
                    var index = worker
                    while index < count {
                        try await body(index)
                        index += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static func timed(_ body: () async throws -> Void) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func line(_ label: String, _ count: Int, _ seconds: Double, extra: String) -> String {
        let rate = Double(count) / max(seconds, 1e-9)
        return "  \(label): \(count) payments in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", rate)) payments/s (\(extra))"
    }
}

/// A thread-safe counter for answers.
final class AttemptCounter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

// MARK: kill -9 during load

/// A `payassist gateway` child process on a database file.
final class GatewayChild: Sendable {
    let process: Process
    let baseURL: URL

    private init(process: Process, baseURL: URL) {
        self.process = process
        self.baseURL = baseURL
    }

    /// Starts `payassist gateway --port 0 --db path` and waits for its "listening on" line.
    static func start(databasePath: String, secretKey: String) throws -> GatewayChild {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["gateway", "--port", "0", "--db", databasePath, "--secret-key", secretKey, "--quiet"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw UsageError(description: "gateway child exited before listening") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "http://"), let url = URL(string: String(text[range.lowerBound...].prefix { !$0.isWhitespace })) else {
            throw UsageError(description: "cannot read the gateway child's address from: \(text)")
        }
        return GatewayChild(process: process, baseURL: url)
    }

    /// Sends SIGKILL: no shutdown, no flush, nothing.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the graceful exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

extension BenchGatewayCommand {
    /// Drives payments over HTTP at a child gateway, kills it with SIGKILL mid-load, restarts it on the
    /// same file and checks every answered payment is there with the answered state, and that a retry
    /// of every answered key replays the same payment.
    static func killDuringLoad(folder: URL, concurrency: Int, loadSeconds: Double) async throws -> Bool {
        let path = folder.appendingPathComponent("kill9.sqlite").path
        let key = "sk_bench_kill"
        let first = try GatewayChild.start(databasePath: path, secretKey: key)
        let client = HTTPGatewayClient(baseURL: first.baseURL, secretKey: key, policy: GatewayRetryPolicy(maxAttempts: 1, timeout: 2))
        let state = KillLoadState()
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var index = worker
                        while !state.stop.load(ordering: .relaxed) {
                            let request = paymentRequest(index, prefix: "k9")
                            if let payment = try? await client.createPayment(request, idempotencyKey: "k9-\(index)", language: .en) {
                                state.answered.withLock { $0.append((key: "k9-\(index)", request: request, payment: payment)) }
                            }
                            index += concurrency
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(loadSeconds))
        first.kill9()
        state.stop.store(true, ordering: .relaxed)
        await load.value
        let answers = state.answered.withLock { $0 }

        let second = try GatewayChild.start(databasePath: path, secretKey: key)
        defer { second.stop() }
        let after = HTTPGatewayClient(baseURL: second.baseURL, secretKey: key, policy: GatewayRetryPolicy(maxAttempts: 3, timeout: 5))
        var missing = 0
        var changed = 0
        var replayMismatch = 0
        for answer in answers {
            do {
                let stored = try await after.payment(id: answer.payment.id, language: .en)
                if stored.status != answer.payment.status { changed += 1 }
                let replay = try await after.createPayment(answer.request, idempotencyKey: answer.key, language: .en)
                if replay.id != answer.payment.id { replayMismatch += 1 }
            } catch {
                missing += 1
            }
        }
        let integrity = try Database(path: path).query("PRAGMA integrity_check").first?.string("integrity_check") ?? "?"
        print("  kill -9 during load: \(answers.count) payments answered before SIGKILL; after restart missing \(missing), "
              + "state changed \(changed), replay mismatches \(replayMismatch), integrity_check \(integrity)")
        return answers.count > 0 && missing == 0 && changed == 0 && replayMismatch == 0 && integrity == "ok"
    }
}

/// What the kill -9 load shares between its workers: the answers received and the stop flag.
final class KillLoadState: Sendable {
    let answered = Mutex<[(key: String, request: CreatePaymentRequest, payment: Payment)]>([])
    let stop = Atomic<Bool>(false)
}
