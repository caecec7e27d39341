/// Decides when a connection has been silent or slow for too long (the slowloris defence).
///
/// A pure state machine: the connection tells it which phase it is in and when (monotonic
/// seconds), and asks whether a deadline has passed. The event loop only wakes it on a timer,
/// so tests drive it with plain numbers instead of sleeping.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// What the connection is doing, which picks the deadline that applies.
    public enum Phase: Sendable, Equatable {
        /// Waiting for the first byte of the next request (idle timeout).
        case idle
        /// Reading the request line and headers (header timeout, counted from the first byte).
        case readingHead
        /// Reading the body (body timeout, counted from the end of the headers).
        case readingBody
        /// A handler is running: no deadline here; shutdown has its own.
        case processing
        /// Sending a response the client is slow to read (idle timeout since the last progress).
        case writing
        /// Final response sent, draining what the client still sends before closing (linger timeout).
        case lingering
    }

    /// Which deadline passed.
    public enum Expiry: Sendable, Equatable {
        case idle, head, body, write, linger
    }

    /// Seconds allowed for a whole request head.
    public let headerTimeout: Double
    /// Seconds allowed for a whole body after its head.
    public let bodyTimeout: Double
    /// Seconds a connection may sit between requests, or make no progress writing.
    public let idleTimeout: Double
    /// Seconds spent draining input after the final response before the socket is closed.
    public let lingerTimeout: Double

    /// The current phase.
    public private(set) var phase: Phase
    /// When the current phase started (monotonic seconds).
    public private(set) var since: Double

    /// Starts a new connection in the idle phase at `now` (seconds).
    public init(headerTimeout: Double, bodyTimeout: Double, idleTimeout: Double, lingerTimeout: Double = 2, now: Double) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.lingerTimeout = lingerTimeout
        self.phase = .idle
        self.since = now
    }

    /// Moves to `phase` at `now`; staying in the same phase keeps the original start, so a slow
    /// trickle of header bytes cannot extend the header deadline.
    public mutating func enter(_ phase: Phase, at now: Double) {
        guard phase != self.phase else { return }
        self.phase = phase
        self.since = now
    }

    /// Records progress while writing: the write deadline restarts.
    public mutating func wroteSome(at now: Double) {
        if phase == .writing { since = now }
    }

    /// The instant the current phase expires, or nil when no deadline applies.
    public var deadline: Double? {
        switch phase {
        case .idle: return since + idleTimeout
        case .readingHead: return since + headerTimeout
        case .readingBody: return since + bodyTimeout
        case .processing: return nil
        case .writing: return since + idleTimeout
        case .lingering: return since + lingerTimeout
        }
    }

    /// Which deadline has passed at `now`, if any.
    public func expired(at now: Double) -> Expiry? {
        guard let deadline, now >= deadline else { return nil }
        switch phase {
        case .idle: return .idle
        case .readingHead: return .head
        case .readingBody: return .body
        case .processing: return nil
        case .writing: return .write
        case .lingering: return .linger
        }
    }
}
