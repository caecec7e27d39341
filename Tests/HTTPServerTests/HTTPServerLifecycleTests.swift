import Testing
@testable import HTTPServer

@Suite("HTTP server lifecycle")
struct HTTPServerLifecycleTests {
    @Test func shutdownBeforeStartStopsAtOnce() async {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), responder: Router())
        await server.shutdown()
        await server.waitUntilStopped()
        #expect(throws: HTTPServerError.notStartable) { try server.start() }
    }

    @Test func waitUntilStoppedReturnsAfterShutdown() async throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, eventLoopCount: 1), responder: Router())
        try server.start()
        #expect(server.port > 0)
        let waiter = Task { await server.waitUntilStopped() }
        await server.shutdown()
        await waiter.value
    }

    @Test func anAddressThatIsNotLocalIsRefused() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to this machine, and no DNS involved.
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "192.0.2.1", port: 0), responder: Router())
        #expect(throws: HTTPServerError.invalidAddress("192.0.2.1")) { try server.start() }
    }
}
