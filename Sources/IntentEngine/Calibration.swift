import PayAssistCore

/// How raw classifier scores become calibrated confidences, and where out-of-scope starts.
///
/// Stored in Intents/calibration.json and written by `payassist intents eval --calibrate`, which
/// trains on 80% of the phrases, fits the temperature on the held-out 20% (lowest log loss) and
/// picks each language's threshold there (see the README).
public struct Calibration: Sendable, Codable, Equatable {
    /// Softmax temperature applied to the logits (1 means none; above 1 softens).
    public var temperature: Double
    /// Per-language minimum confidence for an in-scope intent; below it the result is out_of_scope.
    public var thresholds: [String: Double]
    /// Threshold for a language not listed.
    public var defaultThreshold: Double
    /// How the numbers were chosen, for reviewers.
    public var method: String?

    /// The threshold for a language.
    public func threshold(for language: Language) -> Double {
        thresholds[language.rawValue] ?? defaultThreshold
    }

    /// Used when Intents/ has no calibration.json.
    public static let `default` = Calibration(temperature: 1, thresholds: [:], defaultThreshold: 0.5, method: nil)
}
