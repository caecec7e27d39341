/// What one load run measured.
public struct HTTPLoadResult: Sendable {
    /// Responses with status 2xx received within the measured window.
    public let completed: Int
    /// Non-2xx responses, broken connections and reconnects.
    public let errors: Int
    /// Length of the measured window, in seconds.
    public let seconds: Double
    /// Latency of every completed request, in microseconds, sorted ascending.
    public let latenciesMicroseconds: [UInt32]

    /// Completed requests per second.
    public var requestsPerSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }

    /// The latency at `fraction` (0.5 for p50, 0.99 for p99), in milliseconds.
    public func percentileMilliseconds(_ fraction: Double) -> Double {
        guard !latenciesMicroseconds.isEmpty else { return 0 }
        let index = min(latenciesMicroseconds.count - 1, Int(Double(latenciesMicroseconds.count) * fraction))
        return Double(latenciesMicroseconds[index]) / 1000
    }
}
