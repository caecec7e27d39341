import Foundation
import Glibc
import PayAssistCore
import Synchronization
import Testing
@testable import HTTPServer

/// The routes live tests talk to.
private func makeRouter() -> Router {
    let router = Router()
    router.get("/hello") { _ in .text("hello") }
    router.get("/items/:name") { request in .text(request.parameter("name") ?? "") }
    router.post("/echo") { request in
        HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: request.body)
    }
    return router
}

/// Starts a server on a free port with short timeouts, runs `body`, then shuts it down.
private func withServer(
    maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1 << 20,
    headerTimeout: Double = 5, idleTimeout: Double = 5,
    logger: Logger = .disabled, metrics: HTTPMetrics? = nil,
    _ body: (HTTPServer) async throws -> Void
) async throws {
    let configuration = HTTPServerConfiguration(
        port: 0, maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes,
        headerTimeout: headerTimeout, bodyTimeout: headerTimeout, idleTimeout: idleTimeout,
        shutdownTimeout: 5, eventLoopCount: 2)
    let server = HTTPServer(configuration: configuration, responder: makeRouter(), logger: logger, metrics: metrics)
    try server.start()
    do {
        try await body(server)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

@Suite("HTTP server, live on port 0", .serialized)
struct HTTPServerLiveTests {
    @Test func keepAliveServesTwoRequestsOnOneConnection() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (first, second) = try await BlockingWork.run {
                (try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"),
                 try client.exchange("GET /items/two HTTP/1.1\r\nHost: t\r\n\r\n"))
            }
            #expect(first.status == 200)
            #expect(first.bodyText == "hello")
            #expect(first.header("Connection") == "keep-alive")
            #expect(second.bodyText == "two")
        }
    }

    @Test func responsesCarryServerHeaders() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let response = try await BlockingWork.run { try client.exchange("GET /hello HTTP/1.1\r\nX-Request-Id: abc-123\r\n\r\n") }
            #expect(response.header("Content-Length") == "5")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("X-Request-Id") == "abc-123")
            let other = try await BlockingWork.run { try client.exchange("GET /hello HTTP/1.1\r\n\r\n") }
            #expect(other.header("X-Request-Id")?.isEmpty == false)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let names = (1...5).map { "item\($0)" }
            let bodies = try await BlockingWork.run {
                try client.send(names.map { "GET /items/\($0) HTTP/1.1\r\n\r\n" }.joined())
                return try names.map { _ in try client.readResponse().bodyText }
            }
            #expect(bodies == names)
        }
    }

    @Test func aClientThatReadsLateStillGetsEveryPipelinedAnswerInOrder() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let count = 3000
            // About 600 KB of responses: more than the socket buffers hold, so the server must
            // stop, wait until the client reads, and go on where it left off.
            let names = (0..<count).map { "n\($0)-" + String(repeating: "x", count: 150) }
            let bodies = try await BlockingWork.run {
                try client.send(names.map { "GET /items/\($0) HTTP/1.1\r\n\r\n" }.joined())
                Thread.sleep(forTimeInterval: 0.3)
                return try names.map { _ in try client.readResponse().bodyText }
            }
            #expect(bodies == names)
        }
    }

    @Test func chunkedRequestBodyReachesTheHandler() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let response = try await BlockingWork.run {
                try client.exchange("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nchunk-\r\n4\r\ned!!\r\n0\r\n\r\n")
            }
            #expect(response.status == 200)
            #expect(response.bodyText == "chunk-ed!!")
        }
    }

    @Test func expectContinueGetsAnInterimResponse() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (interim, final) = try await BlockingWork.run {
                let interim = try client.exchange("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
                return (interim, try client.exchange("ping"))
            }
            #expect(interim.status == 100)
            #expect(final.bodyText == "ping")
        }
    }

    @Test func headSendsHeadersButNoBody() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (head, next) = try await BlockingWork.run {
                (try client.exchange("HEAD /hello HTTP/1.1\r\n\r\n", expectBody: false),
                 try client.exchange("GET /items/after HTTP/1.1\r\n\r\n"))
            }
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "5")
            // Had the server sent the HEAD body, it would now be read as the next status line.
            #expect(next.bodyText == "after")
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (response, closed) = try await BlockingWork.run {
                (try client.exchange("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n"), try client.waitForClose())
            }
            #expect(response.header("Connection") == "close")
            #expect(closed)
        }
    }

    @Test func aClientThatHangsUpRightAfterItsRequestIsAnsweredAndClosed() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (response, closed) = try await BlockingWork.run {
                try client.send("GET /hello HTTP/1.1\r\n\r\n")
                _ = shutdown(client.fd, Int32(SHUT_WR))
                return (try client.readResponse(), try client.waitForClose())
            }
            #expect(response.bodyText == "hello")
            #expect(closed)
        }
    }

    @Test func http10ClosesByDefault() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (response, closed) = try await BlockingWork.run {
                (try client.exchange("GET /hello HTTP/1.0\r\n\r\n"), try client.waitForClose())
            }
            #expect(response.status == 200)
            #expect(closed)
        }
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() async throws {
        try await withServer { server in
            let client = try TestClient(port: server.port)
            let (missing, wrong) = try await BlockingWork.run {
                (try client.exchange("GET /nope HTTP/1.1\r\n\r\n"),
                 try client.exchange("DELETE /hello HTTP/1.1\r\n\r\n"))
            }
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
            #expect(wrong.status == 405)
            #expect(wrong.errorCode == "method_not_allowed")
            #expect(wrong.header("Allow") == "GET, HEAD")
        }
    }

    @Test func oversizeBodyIs413AndTheConnectionCloses() async throws {
        try await withServer(maxBodyBytes: 1024) { server in
            let client = try TestClient(port: server.port)
            let (response, closed) = try await BlockingWork.run {
                (try client.exchange("POST /echo HTTP/1.1\r\nContent-Length: 1025\r\n\r\n"), try client.waitForClose())
            }
            #expect(response.status == 413)
            #expect(response.errorCode == "body_too_large")
            #expect(response.header("Connection") == "close")
            #expect(closed)
        }
    }

    @Test func oversizeHeadersAre431() async throws {
        try await withServer(maxHeaderBytes: 1024) { server in
            let client = try TestClient(port: server.port)
            let response = try await BlockingWork.run {
                try client.exchange("GET /hello HTTP/1.1\r\nX-Big: \(String(repeating: "h", count: 2000))\r\n\r\n")
            }
            #expect(response.status == 431)
            #expect(response.errorCode == "headers_too_large")
        }
    }

    @Test(arguments: [
        ("GET / HTTP/9.9\r\n\r\n", 505, "http_version_not_supported"),
        ("NOT A REQUEST\r\n\r\n", 400, "malformed_request_line"),
        ("POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "duplicate_content_length"),
        ("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "invalid_chunk"),
    ])
    func badRequestsGetTheJSONErrorAndTheServerKeepsServing(raw: String, status: Int, code: String) async throws {
        try await withServer { server in
            let bad = try TestClient(port: server.port)
            let good = try TestClient(port: server.port)
            let (error, closed, fine) = try await BlockingWork.run {
                (try bad.exchange(raw), try bad.waitForClose(), try good.exchange("GET /hello HTTP/1.1\r\n\r\n"))
            }
            #expect(error.status == status)
            #expect(error.errorCode == code)
            #expect(closed)
            #expect(fine.status == 200)
        }
    }

    @Test func silentClientIsClosedAfterTheIdleTimeout() async throws {
        try await withServer(idleTimeout: 0.3) { server in
            let client = try TestClient(port: server.port)
            let started = Date()
            let closed = try await BlockingWork.run { try client.waitForClose() }
            #expect(closed)
            #expect(Date().timeIntervalSince(started) < 2.5)
        }
    }

    @Test func slowHeadersGet408AndAreClosed() async throws {
        try await withServer(headerTimeout: 0.3) { server in
            let client = try TestClient(port: server.port)
            let (response, closed) = try await BlockingWork.run {
                try client.send("GET /hello HTTP/1.1\r\nX-Slow: ")
                return (try client.readResponse(), try client.waitForClose())
            }
            #expect(response.status == 408)
            #expect(response.errorCode == "request_timeout")
            #expect(closed)
        }
    }

    @Test func slowBodyGets408AndIsClosed() async throws {
        try await withServer(headerTimeout: 0.3) { server in
            let client = try TestClient(port: server.port)
            let (response, closed) = try await BlockingWork.run {
                try client.send("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nonly")
                return (try client.readResponse(), try client.waitForClose())
            }
            #expect(response.status == 408)
            #expect(response.errorCode == "request_timeout")
            #expect(closed)
        }
    }

    @Test func startingTwiceIsRefused() async throws {
        try await withServer { server in
            #expect(throws: HTTPServerError.notStartable) { try server.start() }
        }
    }

    @Test func gracefulShutdownFinishesAnInFlightRequest() async throws {
        let started = Mutex(false)
        let router = Router()
        router.get("/slow") { _ in
            started.withLock { $0 = true }
            try await Task.sleep(for: .milliseconds(400))
            return .text("done")
        }
        let configuration = HTTPServerConfiguration(port: 0, shutdownTimeout: 5, eventLoopCount: 2)
        let server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        let port = server.port
        let slow = try TestClient(port: port)
        let idle = try TestClient(port: port)
        try slow.send("GET /slow HTTP/1.1\r\n\r\n")
        // Shut down only once the handler runs, however loaded the machine is.
        for _ in 0..<300 where !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(started.withLock { $0 })
        let shutdown = Task { await server.shutdown() }
        let (response, slowClosed, idleClosed) = try await BlockingWork.run {
            (try slow.readResponse(), try slow.waitForClose(), try idle.waitForClose())
        }
        await shutdown.value
        #expect(response.status == 200)
        #expect(response.bodyText == "done")
        #expect(response.header("Connection") == "close")
        #expect(slowClosed)
        #expect(idleClosed)
        #expect(throws: TestClientError.self) { _ = try TestClient(port: port) }
    }

    @Test func randomBytesOnManyConnectionsDoNotStopTheServer() async throws {
        try await withServer(maxHeaderBytes: 4096, headerTimeout: 0.5, idleTimeout: 0.5) { server in
            let port = server.port
            let fuzzers = try await BlockingWork.run {
                var generator = SeededGenerator(seed: 0x5EED_2026)
                var clients: [TestClient] = []
                for round in 0..<60 {
                    let client = try TestClient(port: port, timeout: 2)
                    let length = Int.random(in: 1...3000, using: &generator)
                    var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    // A third start like a real request, so the noise reaches headers and chunked bodies.
                    if round % 3 == 1 {
                        bytes = Array("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n".utf8) + bytes
                    } else if round % 3 == 2 {
                        bytes = Array("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + bytes
                    }
                    try? client.send(bytes: bytes)
                    // Half hang up their sending side at once; the rest stay open, silent.
                    if round.isMultiple(of: 2) { _ = shutdown(client.fd, Int32(SHUT_WR)) }
                    clients.append(client)
                }
                return clients
            }
            let client = try TestClient(port: port)
            let response = try await BlockingWork.run { try client.exchange("GET /hello HTTP/1.1\r\n\r\n") }
            #expect(response.status == 200)
            #expect(response.bodyText == "hello")
            // Every noisy connection ends: answered with an error or closed by a timeout.
            let closedCount = try await BlockingWork.run {
                fuzzers.filter { (try? $0.drainUntilClosed()) == true }.count
            }
            #expect(closedCount == fuzzers.count)
        }
    }

    @Test func startingOnATakenPortThrowsAddressInUse() async throws {
        try await withServer { server in
            let second = HTTPServer(configuration: HTTPServerConfiguration(port: server.port), responder: makeRouter())
            #expect(throws: HTTPServerError.addressInUse(host: "127.0.0.1", port: server.port)) { try second.start() }
        }
    }

    @Test func metricsAndLogsRecordEachRequestWithoutHeaderValues() async throws {
        let metrics = HTTPMetrics()
        let sink = MemoryLogSink()
        try await withServer(logger: Logger(label: "http", sink: sink), metrics: metrics) { server in
            let client = try TestClient(port: server.port)
            _ = try await BlockingWork.run {
                try client.exchange("GET /items/a?secret=1 HTTP/1.1\r\nAuthorization: Bearer sk_live_topsecret\r\nX-Request-Id: req-42\r\n\r\n")
            }
            _ = try await BlockingWork.run { try client.exchange("GET /missing HTTP/1.1\r\n\r\n") }
            #expect(metrics.requestCount(route: "/items/:name", status: 200) == 1)
            #expect(metrics.requestCount(route: "unmatched", status: 404) == 1)
            #expect(metrics.openConnections == 1)
        }
        let line = try #require(sink.lines.first { $0.contains("req-42") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["method"] == "GET")
        #expect(object["path"] == "/items/a")
        #expect(object["status"] == "200")
        #expect(object["duration_ms"] != nil)
        #expect(!sink.lines.contains { $0.contains("topsecret") || $0.contains("secret=1") })
        #expect(metrics.openConnections == 0)
    }
}
