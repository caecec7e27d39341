import Assistant
import Billing
import Foundation
import HTTPServer
import IntentEngine
import PayAssistAPI
import PaymentGateway
import PayAssistCore
import Storage
import Synchronization

/// `payassist bench assist`: latency of `POST /v1/assist` at a fixed request rate, gateway time excluded.
enum BenchAssistCommand: Subcommand {
    static let name = "bench assist"
    static let summary = "Benchmark POST /v1/assist: p50/p99 at a paced rate (default 500 req/s) and closed-loop HTTP throughput."
    static let flags: [Flag] = [
        Flag("rate", help: "Requests per second of the paced run.", default: "500"),
        Flag("seconds", help: "Measured seconds of each run.", default: "5"),
        Flag("connections", help: "Keep-alive connections of the closed-loop HTTP run.", default: "8"),
        Flag("listen", help: "Only serve /v1/assist and the checkout pages on this port (demo data, in-process gateway) until SIGINT/SIGTERM: for wrk and the headless-browser check."),
    ]
    static let details = """
    Builds a throw-away database (demo data, trained intent engine, in-process gateway engine) and sends
    a mix of first turns that never reach the gateway (bill, usage, tariff, pay_bill up to its first
    question, out of scope) from voice and chat customers, each a new session, so gateway time is excluded.
    1. Paced: requests start every 1/rate seconds over HTTP on loopback; latency counts from the planned
       start (open loop, so queueing shows). 2. Closed loop: --connections connections as fast as they go.
    Example: swift build -c release && .build/release/payassist bench assist
    Serve only: payassist bench assist --listen 8082 (then Fixtures/assistant/browser/checkout_screenshot.py or wrk).
    """

    static let utterances: [(customer: String, key: String, text: String)] = [
        ("c001", "pa_demo_voice_7f3c9a1e", "嗯 我这个月电费多少钱"),
        ("c002", "pa_demo_voice_7f3c9a1e", "我要交点费"),
        ("c003", "pa_demo_voice_7f3c9a1e", "上个月用了多少度电"),
        ("c004", "pa_demo_voice_7f3c9a1e", "电价是怎么算的"),
        ("c005", "pa_demo_voice_7f3c9a1e", "帮我交水费"),
        ("c045", "pa_demo_chat_4b8d2e6f", "how much do I owe"),
        ("c052", "pa_demo_chat_4b8d2e6f", "今月の電気代はいくらですか"),
        ("c045", "pa_demo_chat_4b8d2e6f", "I want to pay my parents' electricity bill"),
        ("c056", "pa_demo_chat_4b8d2e6f", "¿cuándo vence mi factura?"),
        ("c062", "pa_demo_chat_4b8d2e6f", "сколько я потребил электричества"),
    ]

    static func request(_ index: Int) -> [UInt8] {
        let item = utterances[index % utterances.count]
        let body = try! JSONSerialization.data(withJSONObject: ["text": item.text])
        var head = "POST /v1/assist HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer \(item.key)\r\nX-Customer-Id: \(item.customer)\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + Array(body)
    }

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let rate = try arguments.int("rate", in: 1...100_000) ?? 500
        let seconds = try arguments.seconds("seconds", in: 0.5...600) ?? 5
        let connections = try arguments.int("connections", in: 1...1024) ?? 8
        guard let fixtures = ProjectLayout.folder("Fixtures"), let intents = ProjectLayout.folder("Intents") else {
            throw UsageError(description: "run from the repository: Fixtures/ and Intents/ are needed")
        }
        let path = NSTemporaryDirectory() + "payassist-bench-assist-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try Database(path: path)
        let clock = SystemClock()
        let billing = try BillingStore(database: database)
        _ = try DemoFixtures.seedIfEmpty(billing, fixtures: fixtures, now: clock.now())
        let loadStarted = ContinuousClock.now
        let engine = try IntentEngine.load(from: intents)
        print("intent engine trained in \(ContinuousClock.now - loadStarted)")
        let gateway = try GatewayEngine(store: GatewayStore(database: database), configuration: .fromFixtures(folder: fixtures.appendingPathComponent("gateway")))
        let listen = try arguments.int("listen", in: 1...65_535)
        let assistant = try Assistant(database: database, billing: billing, fixtures: fixtures, recognizer: IntentEngineRecognizer(engine: engine),
                                      gateway: gateway, reminders: InMemoryReminderPreferences(), linkSecret: nil,
                                      publicBaseURL: "http://127.0.0.1:\(listen ?? 80)")
        try await assistant.seedDemoCards()
        let keys = try APIKeyStore(database: database)
        for key in try APIKeyStore.loadKeys(fromFile: fixtures.appendingPathComponent("demo/api_keys.json")) { try keys.register(key) }
        let context = APIContext(authenticator: Authenticator(keys: keys, billing: billing), billing: billing)
        let router = Router()
        router.registerAssistantRoutes(context: context, assistant: assistant)
        if let listen {
            router.registerCheckoutRoutes(context: context, assistant: assistant)
            let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: listen), responder: router)
            try server.start()
            FileHandle.standardOutput.write(Data("serving POST /v1/assist and /checkout on http://127.0.0.1:\(server.port) until SIGINT/SIGTERM\n".utf8))
            _ = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
            await server.shutdown()
            return 0
        }
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: router)
        try server.start()

        // Warm up every utterance a few times.
        _ = try await pacedRun(port: server.port, rate: 200, seconds: 0.5)

        let paced = try await pacedRun(port: server.port, rate: rate, seconds: seconds)
        print(String(format: "paced %d req/s for %.0f s: %d requests, %d errors, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                     rate, seconds, paced.count, paced.errors, paced.percentile(0.5), paced.percentile(0.99), paced.percentile(1)))

        let closed = try await HTTPLoadGenerator.run(host: "127.0.0.1", port: server.port, request: request(0), connections: connections, seconds: seconds)
        print(String(format: "closed loop, %d connections, query_bill: %.0f req/s, %d errors, p50 %.2f ms, p99 %.2f ms",
                     connections, closed.requestsPerSecond, closed.errors, closed.percentileMilliseconds(0.5), closed.percentileMilliseconds(0.99)))
        let turns = try assistant.turns.count()
        print("turns recorded: \(turns)")
        await server.shutdown()
        return paced.percentile(0.99) <= 5 ? 0 : 1
    }

    struct PacedResult {
        var latencies: [Double] = []
        var errors = 0
        var count: Int { latencies.count }
        func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1 < 0 ? 0 : Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }
    }

    /// Open-loop load: request i is planned at start + i/rate; worker threads (each with its own
    /// keep-alive connection, off the Swift concurrency pool so the in-process server is never starved)
    /// take the next planned request, wait for its time and send it. Latency counts from the planned time.
    static func pacedRun(port: Int, rate: Int, seconds: Double) async throws -> PacedResult {
        let total = Int(Double(rate) * seconds)
        let workers = 24
        let shared = PacedShared(pool: try (0..<workers).map { _ in try BenchConnection(port: port) })
        let next = Atomic<Int>(0)
        let start = DispatchTime.now().uptimeNanoseconds
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for worker in 0..<workers {
                group.enter()
                let thread = Thread {
                    let connection = shared.pool.withLock { $0[worker] }
                    while true {
                        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < total else { break }
                        let planned = start + UInt64(Double(index) * 1e9 / Double(rate))
                        let now = DispatchTime.now().uptimeNanoseconds
                        if planned > now { usleep(useconds_t((planned - now) / 1000)) }
                        let status = (try? connection.roundTrip(request(index))) ?? 0
                        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - planned) / 1e6
                        shared.result.withLock { status == 200 ? $0.latencies.append(milliseconds) : ($0.errors += 1) }
                    }
                    group.leave()
                }
                thread.start()
            }
            group.notify(queue: .global()) { done.resume() }
        }
        for connection in shared.pool.withLock({ $0 }) { connection.close() }
        return shared.result.withLock { $0 }
    }
}

/// State shared by the paced run's tasks.
final class PacedShared: Sendable {
    let pool: Mutex<[BenchConnection]>
    let result = Mutex(BenchAssistCommand.PacedResult())

    init(pool connections: [BenchConnection]) { pool = Mutex(connections) }
}

/// A blocking keep-alive HTTP/1.1 client connection for the benchmark (loopback only).
final class BenchConnection: @unchecked Sendable {
    // @unchecked Sendable: a connection is used by one task at a time (taken from and returned to a locked pool).
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw UsageError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Foundation.close(socket); throw UsageError(description: "connect() failed") }
    }

    func close() { Foundation.close(socket) }

    /// Writes a request and reads one response (Content-Length bodies); returns the status code.
    func roundTrip(_ request: [UInt8]) throws -> Int {
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw UsageError(description: "send failed") }
            sent += written
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let (status, length) = parse() {
                buffer.removeFirst(length)
                return status
            }
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw UsageError(description: "connection closed") }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    private func parse() -> (Int, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let total = end + 4 + length
        return buffer.count >= total ? (status, total) : nil
    }
}
