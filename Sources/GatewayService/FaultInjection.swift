import Foundation
import Synchronization

/// Faults the mock gateway injects on purpose, so that clients prove their timeouts and retries.
///
/// Changed at run time by flags or `PUT /gateway/v1/admin/faults`. Shared by every request: the
/// settings live behind a `Mutex`.
public final class FaultInjection: Sendable {
    /// What to inject. Rates are shares of requests, 0...1.
    public struct Settings: Sendable, Equatable, Codable {
        /// Added to every request before it is handled, milliseconds.
        public var latencyMilliseconds: Int
        /// Share of requests answered with a 500 `injected_fault`: half before the work is done, half after
        /// (the work is committed, the answer is lost), so only a retry with the same key is correct.
        public var errorRate: Double
        /// Share of requests whose answer is dropped: the work is committed, then nothing is sent for
        /// `dropHoldMilliseconds` (longer than a client's timeout) and the connection ends with a 503.
        public var dropRate: Double
        /// How long a dropped answer is held, milliseconds.
        public var dropHoldMilliseconds: Int

        public init(latencyMilliseconds: Int = 0, errorRate: Double = 0, dropRate: Double = 0, dropHoldMilliseconds: Int = 2_000) {
            self.latencyMilliseconds = latencyMilliseconds
            self.errorRate = errorRate
            self.dropRate = dropRate
            self.dropHoldMilliseconds = dropHoldMilliseconds
        }

        enum CodingKeys: String, CodingKey {
            case latencyMilliseconds = "latency_ms", errorRate = "error_rate", dropRate = "drop_rate", dropHoldMilliseconds = "drop_hold_ms"
        }

        /// True when the values are in range: rates 0...1 (summing to at most 1), times 0...60,000 ms.
        public var isValid: Bool {
            (0...1).contains(errorRate) && (0...1).contains(dropRate) && errorRate + dropRate <= 1
                && (0...60_000).contains(latencyMilliseconds) && (0...60_000).contains(dropHoldMilliseconds)
        }
    }

    /// What happens to one request.
    public enum Decision: Sendable, Equatable {
        case none
        case failBeforeHandling
        case failAfterHandling
        case dropAfterHandling
    }

    private let settings: Mutex<Settings>

    /// Starts with `settings` (no faults by default).
    public init(_ settings: Settings = Settings()) { self.settings = Mutex(settings) }

    /// The current settings.
    public var current: Settings { settings.withLock { $0 } }

    /// Replaces the settings.
    public func update(_ newSettings: Settings) { settings.withLock { $0 = newSettings } }

    /// Draws the fault for one request from `roll`, a uniform number in 0..<1.
    public func decide(roll: Double = Double.random(in: 0..<1)) -> Decision {
        let current = self.current
        if roll < current.errorRate / 2 { return .failBeforeHandling }
        if roll < current.errorRate { return .failAfterHandling }
        if roll < current.errorRate + current.dropRate { return .dropAfterHandling }
        return .none
    }
}
