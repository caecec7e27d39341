import Synchronization

/// Request counters, a latency histogram and an open-connections gauge, rendered for Prometheus.
///
/// The server records into it from every event loop; all state sits behind one `Mutex`
/// (a few nanoseconds per request) and the gauge is an atomic.
public final class HTTPMetrics: Sendable {
    /// Upper bounds of the latency histogram buckets, in seconds (Prometheus client defaults plus 1 ms).
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Histogram {
        var bucketCounts = [UInt64](repeating: 0, count: HTTPMetrics.latencyBuckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency: [String: Histogram] = [:]
    }

    private let state = Mutex(State())
    private let open = Atomic<Int>(0)
    private let accepted = Atomic<Int>(0)

    /// Creates empty metrics.
    public init() {}

    /// Records one answered request: `route` is the matched pattern or "unmatched", `seconds` the latency.
    public func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let bucket = HTTPMetrics.latencyBuckets.firstIndex { seconds <= $0 }
        state.withLock { state in
            state.requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
            var histogram = state.latency[route] ?? Histogram()
            if let bucket { histogram.bucketCounts[bucket] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.latency[route] = histogram
        }
    }

    /// Counts a newly accepted connection.
    public func connectionOpened() {
        open.wrappingAdd(1, ordering: .relaxed)
        accepted.wrappingAdd(1, ordering: .relaxed)
    }

    /// Counts a closed connection.
    public func connectionClosed() { open.wrappingSubtract(1, ordering: .relaxed) }

    /// Connections open right now.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// How many requests were answered for a route and status (any method).
    public func requestCount(route: String, status: Int) -> Int {
        state.withLock { state in
            Int(state.requests.filter { $0.key.route == route && $0.key.status == status }.values.reduce(0, +))
        }
    }

    /// Everything in the Prometheus text exposition format (version 0.0.4).
    public func renderPrometheus() -> String {
        let snapshot = state.withLock { $0 }
        var text = "# HELP http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        text += "# TYPE http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            text += "http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(Self.escape(key.method))\",status=\"\(key.status)\"} \(count)\n"
        }
        text += "# HELP http_request_duration_seconds Time from a complete request to its response being queued.\n"
        text += "# TYPE http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            var cumulative: UInt64 = 0
            for (index, bound) in HTTPMetrics.latencyBuckets.enumerated() {
                cumulative += histogram.bucketCounts[index]
                text += "http_request_duration_seconds_bucket{\(label),le=\"\(Self.format(bound))\"} \(cumulative)\n"
            }
            text += "http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            text += "http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            text += "http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        text += "# HELP http_open_connections HTTP connections open now.\n"
        text += "# TYPE http_open_connections gauge\n"
        text += "http_open_connections \(openConnections)\n"
        text += "# HELP http_connections_accepted_total HTTP connections accepted since start.\n"
        text += "# TYPE http_connections_accepted_total counter\n"
        text += "http_connections_accepted_total \(accepted.load(ordering: .relaxed))\n"
        return text
    }

    private static func format(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }

    /// Escapes a label value (backslash, quote, newline) as the exposition format requires.
    private static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
