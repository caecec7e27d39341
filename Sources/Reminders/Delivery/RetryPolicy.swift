/// When to try a failed delivery again: exponential backoff, then a dead letter.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all (the first one included) before the reminder becomes a dead letter.
    public let maxAttempts: Int
    /// Seconds before the second attempt; doubled each time.
    public let baseDelay: Double
    /// The longest wait between attempts, in seconds.
    public let maxDelay: Double

    /// The default rides out a webhook that fails for about two hours: 30 s, 1, 2, 4, 8, 16, 30, 30, 30... minutes.
    public init(maxAttempts: Int = 12, baseDelay: Double = 30, maxDelay: Double = 1800) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(baseDelay, maxDelay)
    }

    /// Seconds to wait after the `attempts`-th failed attempt (1-based); nil when none is left.
    public func delay(afterAttempt attempts: Int) -> Double? {
        guard attempts < maxAttempts else { return nil }
        let exponent = Double(min(attempts - 1, 40))
        return min(baseDelay * pow2(exponent), maxDelay)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        var remaining = Int(exponent)
        while remaining > 0 { value *= 2; remaining -= 1 }
        return value
    }
}
