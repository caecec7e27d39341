import Foundation
import HTTPServer

/// `payassist bench http`: throughput and latency of the HTTP server (or any server at --url),
/// and the memory cost of idle keep-alive connections.
enum BenchHTTPCommand: Subcommand {
    static let name = "bench http"
    static let summary = "Benchmark the HTTP server: GET /healthz and a small JSON POST /echo, requests/s and p50/p99."
    static let flags: [Flag] = [
        Flag("connections", help: "Keep-alive connections driving load.", default: "64"),
        Flag("seconds", help: "Measured seconds per endpoint (after 0.5 s of warm-up).", default: "5"),
        Flag("threads", help: "Load-generator threads (each with its own epoll).", default: "1"),
        Flag("loops", help: "Event-loop threads of the in-process server (default: processor count)."),
        Flag("url", help: "Measure an external server at http://HOST:PORT instead (it must serve GET /healthz and POST /echo)."),
        Flag("idle", help: "Also open this many idle keep-alive connections and report resident memory.", default: "0"),
        Flag("pid", help: "With --url and --idle: process id of the external server, to read its memory."),
        Flag("listen", help: "Only serve the benchmark routes on this port until SIGINT/SIGTERM (to drive with wrk)."),
    ]
    static let details = """
    POST /echo sends {"amount":12345,"name":"bench"} and expects it back as JSON.
    Example: swift build -c release && .build/release/payassist bench http --idle 10000
    For wrk: payassist bench http --listen 8081, then wrk -t2 -c64 -d5s http://127.0.0.1:8081/healthz
    """

    private struct Echo: Codable, Sendable {
        let name: String
        let amount: Int
    }

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let connections = try arguments.int("connections", in: 1...20_000) ?? 64
        let seconds = try arguments.seconds("seconds", in: 0.1...600) ?? 5
        let threads = try arguments.int("threads", in: 1...64) ?? 1
        let idle = try arguments.int("idle", in: 0...200_000) ?? 0
        HTTPLoadGenerator.raiseOpenFileLimit(to: 2 * (idle + connections) + 1024)

        if let listen = try arguments.int("listen", in: 0...65_535) {
            var configuration = HTTPServerConfiguration(port: listen)
            if let loops = try arguments.int("loops", in: 1...64) { configuration.eventLoopCount = loops }
            let server = HTTPServer(configuration: configuration, responder: makeRouter())
            try server.start()
            print("serving GET /healthz and POST /echo on 127.0.0.1:\(server.port) with \(configuration.eventLoopCount) event loops; Ctrl-C stops")
            let signal = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
            print("signal \(signal): shutting down")
            await server.shutdown()
            return 0
        }

        var host = "127.0.0.1"
        var port: Int
        var server: HTTPServer?
        if let url = arguments.string("url") {
            guard let parsed = URLComponents(string: url), let urlHost = parsed.host, let urlPort = parsed.port else {
                throw UsageError(description: "--url must look like http://127.0.0.1:8080")
            }
            host = urlHost
            port = urlPort
            print("target: external server at \(host):\(port)")
        } else {
            var configuration = HTTPServerConfiguration(port: 0)
            if let loops = try arguments.int("loops", in: 1...64) { configuration.eventLoopCount = loops }
            let started = HTTPServer(configuration: configuration, responder: makeRouter())
            try started.start()
            port = started.port
            server = started
            print("target: in-process PayAssist HTTPServer on port \(port), \(configuration.eventLoopCount) event loops")
        }
        print("load: \(connections) keep-alive connections, \(threads) generator thread(s), \(seconds) s per endpoint")

        let get = Array("GET /healthz HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
        let body = #"{"amount":12345,"name":"bench"}"#
        let post = Array("POST /echo HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        for (label, request) in [("GET /healthz", get), ("POST /echo", post)] {
            let result = try await HTTPLoadGenerator.run(host: host, port: port, request: request, connections: connections, seconds: seconds, threads: threads)
            print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + String(
                format: "%9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   errors %d",
                result.requestsPerSecond, result.percentileMilliseconds(0.5), result.percentileMilliseconds(0.99), result.errors))
        }

        if idle > 0 {
            let pid = server == nil ? arguments.string("pid") : "self"
            let before = pid.flatMap { HTTPLoadGenerator.residentMemoryBytes(pid: $0) }
            let sockets = try await HTTPLoadGenerator.openIdleConnections(host: host, port: port, count: idle, request: get)
            try await Task.sleep(for: .seconds(1))
            let after = pid.flatMap { HTTPLoadGenerator.residentMemoryBytes(pid: $0) }
            let check = try await HTTPLoadGenerator.run(host: host, port: port, request: get, connections: 1, seconds: 0.5, warmUp: 0)
            if let before, let after {
                let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
                print("idle: \(idle) keep-alive connections open; resident memory \(megabytes(before)) before, \(megabytes(after)) after (+\(megabytes(after - before)), \(String(format: "%.1f", Double(after - before) / Double(idle) / 1024)) KB each)")
            } else {
                print("idle: \(idle) keep-alive connections open (pass --pid to read an external server's memory)")
            }
            print("idle: a new connection still gets answers while they are open: \(check.completed) requests in 0.5 s, \(check.errors) errors")
            HTTPLoadGenerator.close(sockets)
        }

        await server?.shutdown()
        return 0
    }

    /// The benchmark routes: a tiny JSON health answer and a JSON echo that decodes and re-encodes.
    private static func makeRouter() -> Router {
        let router = Router()
        router.get("/healthz") { _ in .json(["status": "ok"]) }
        router.post("/echo") { request in .json(try request.decodeJSON(Echo.self)) }
        return router
    }
}
