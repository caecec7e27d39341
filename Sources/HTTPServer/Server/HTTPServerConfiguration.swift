import Foundation

/// Settings of an `HTTPServer`: address, limits, timeouts (seconds) and threads.
public struct HTTPServerConfiguration: Sendable {
    /// Address to listen on (an IPv4/IPv6 literal or a host name).
    public var host: String
    /// TCP port; 0 picks any free port (read `HTTPServer.port` after `start()`).
    public var port: Int
    /// Maximum bytes of request line plus headers; larger heads get 431.
    public var maxHeaderBytes: Int
    /// Maximum request body bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// Seconds a client may take to send a whole request head, from its first byte (then 408).
    public var headerTimeout: Double
    /// Seconds a client may take to send a whole body after its head (then 408).
    public var bodyTimeout: Double
    /// Seconds a keep-alive connection may stay silent between requests before it is closed.
    public var idleTimeout: Double
    /// Seconds `shutdown()` waits for in-flight requests before closing their connections anyway.
    public var shutdownTimeout: Double
    /// Number of event-loop threads, each with its own epoll instance.
    public var eventLoopCount: Int
    /// Listen backlog (pending connections the kernel queues).
    public var backlog: Int32

    /// Creates a configuration; every parameter has a production default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxHeaderBytes: Int = 16 * 1024,
        maxBodyBytes: Int = 1 << 20,
        headerTimeout: Double = 10,
        bodyTimeout: Double = 30,
        idleTimeout: Double = 60,
        shutdownTimeout: Double = 30,
        eventLoopCount: Int = ProcessInfo.processInfo.activeProcessorCount,
        backlog: Int32 = 4096
    ) {
        self.host = host
        self.port = port
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.shutdownTimeout = shutdownTimeout
        self.eventLoopCount = max(1, eventLoopCount)
        self.backlog = backlog
    }

    /// The parser limits these settings imply.
    public var parserLimits: HTTPParserLimits {
        HTTPParserLimits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes)
    }
}
