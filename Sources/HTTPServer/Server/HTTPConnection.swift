/// One client connection; owned and touched only by the event-loop thread that serves it.
final class HTTPConnection {
    /// What the connection remembers about the request its handler is working on.
    struct InFlight {
        let method: HTTPMethod
        let path: String
        let requestID: String
        let started: Double
        let keepAlive: Bool
    }

    let fd: Int32
    /// Distinguishes this connection from a later one that reuses the same fd number.
    let serial: UInt64
    var parser: HTTPRequestParser
    var timeouts: ConnectionTimeouts
    /// Bytes queued for sending, from `outputOffset` on.
    var output: [UInt8] = []
    var outputOffset = 0
    /// The request whose handler runs now; requests are answered one at a time, in order.
    var inFlight: InFlight?
    /// Send what is queued, then close (Connection: close, an error, or shutdown).
    var closeAfterFlush = false
    /// The client closed its sending side (read returned 0).
    var peerClosed = false
    /// Reading stopped while bytes may still wait in the socket (edge-triggered: resume by hand).
    var readPending = false
    /// Final response sent and write side shut: only draining input until EOF or the linger deadline.
    var lingering = false

    init(fd: Int32, serial: UInt64, limits: HTTPParserLimits, timeouts: ConnectionTimeouts) {
        self.fd = fd
        self.serial = serial
        self.parser = HTTPRequestParser(limits: limits)
        self.timeouts = timeouts
    }

    /// True when bytes are waiting to be sent.
    var hasPendingOutput: Bool { outputOffset < output.count }
}
