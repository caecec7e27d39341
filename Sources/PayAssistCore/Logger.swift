import Foundation
import Synchronization

/// Structured logs: one JSON object per line, by default on stderr.
///
/// Callers pass only safe fields; secrets, keys and card numbers are never given to a logger.
/// `redacting` masks any digit run that looks like a card number as a last line of defence.
public struct Logger: Sendable {
    /// Severity of a log line.
    public enum Level: String, Sendable, Comparable {
        case debug, info, warning, error

        private var rank: Int {
            switch self {
            case .debug: return 0
            case .info: return 1
            case .warning: return 2
            case .error: return 3
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// Where log lines go; tests use `MemoryLogSink`.
    public let sink: any LogSink
    /// The component writing the lines ("http", "gateway").
    public let label: String
    /// Lines below this level are dropped.
    public let minimumLevel: Level
    /// Fields added to every line (request id, for example).
    public let metadata: [String: String]

    /// Creates a logger writing to `sink`.
    public init(label: String, sink: any LogSink = StandardErrorSink.shared, minimumLevel: Level = .info, metadata: [String: String] = [:]) {
        self.label = label
        self.sink = sink
        self.minimumLevel = minimumLevel
        self.metadata = metadata
    }

    /// A logger that drops every line (for tests and benchmarks).
    public static let disabled = Logger(label: "disabled", sink: NullLogSink(), minimumLevel: .error)

    /// A copy of this logger with extra fields on every line.
    public func with(_ fields: [String: String]) -> Logger {
        Logger(label: label, sink: sink, minimumLevel: minimumLevel, metadata: metadata.merging(fields) { $1 })
    }

    /// Writes one line at `level` with a message and fields.
    public func log(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        guard level >= minimumLevel, !(sink is NullLogSink) else { return }
        var object: [String: String] = metadata.merging(fields) { $1 }
        object["ts"] = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        object["level"] = level.rawValue
        object["label"] = label
        object["msg"] = message
        for (key, value) in object { object[key] = Logger.redactCardNumbers(value) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        sink.write(line: String(decoding: data, as: UTF8.self))
    }

    public func debug(_ message: String, _ fields: [String: String] = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [String: String] = [:]) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [String: String] = [:]) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [String: String] = [:]) { log(.error, message, fields) }

    /// Replaces any run of 13 to 19 digits (spaces and dashes allowed between) with a mask.
    public static func redactCardNumbers(_ text: String) -> String {
        var digitCount = 0
        var hasLongRun = false
        for scalar in text.unicodeScalars {
            if scalar.properties.numericType != nil, scalar.isASCII { digitCount += 1; if digitCount >= 13 { hasLongRun = true; break } }
            else if scalar == " " || scalar == "-" { continue }
            else { digitCount = 0 }
        }
        guard hasLongRun else { return text }
        return text.replacingOccurrences(of: "[0-9](?:[ -]?[0-9]){12,18}", with: "[redacted]", options: .regularExpression)
    }
}

/// A destination for log lines.
public protocol LogSink: Sendable {
    /// Writes one complete line (without the newline).
    func write(line: String)
}

/// Writes lines to standard error, one `write` per line so lines never interleave.
public final class StandardErrorSink: LogSink {
    public static let shared = StandardErrorSink()
    private let lock = Mutex(())

    public func write(line: String) {
        lock.withLock { _ in
            let bytes = Array((line + "\n").utf8)
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }
}

/// Drops every line.
public struct NullLogSink: LogSink {
    public init() {}
    public func write(line: String) {}
}

/// Keeps lines in memory, for tests that check what was logged.
public final class MemoryLogSink: LogSink {
    private let storage = Mutex<[String]>([])
    public init() {}
    public func write(line: String) { storage.withLock { $0.append(line) } }
    /// Every line written so far.
    public var lines: [String] { storage.withLock { $0 } }
}
