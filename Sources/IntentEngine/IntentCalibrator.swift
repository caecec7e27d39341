import Foundation
import PayAssistCore

/// Chooses the softmax temperature and the per-language out-of-scope thresholds on a validation
/// split of Intents/ (never on evaluation data), for `payassist intents eval --calibrate`.
///
/// Five-fold cross-validation: every source line (all its expansions together, picked by a hash of
/// "file:line") is held out once and scored by a model trained on the other four fifths. The temperature is the one with the
/// lowest log loss; each language's threshold is the one that keeps the most in-scope answers while
/// rejecting at least `requiredRejection(for:)` of the held-out out-of-scope phrases (in-scope answers
/// below it become out_of_scope), or the best balanced score where none does, blended with the pooled one.
public enum IntentCalibrator {
    /// Share of held-out out-of-scope phrases a threshold must reject in a language, or nil for the
    /// best balanced score (mean of in-scope accuracy and out-of-scope rejection).
    ///
    /// The issue asks for >= 97% rejection on Chinese other-domain requests and >= 95% on English
    /// ones; held-out phrases of our own are harder to reject than the external sets (checked on the
    /// external val splits only), so Chinese asks 96.5% and English 95% of the validation phrases.
    /// English asked 92% until 4,300 natural chat lines, generic out-of-scope requests and "can I pay
    /// <something else> here?" near misses among them, made the validation out-of-scope phrases easier
    /// and the threshold drift down; the floor is the lowest that keeps CLINC val rejection at 96%
    /// (half a point over the 95% target there, which the test split follows a little lower): with
    /// the last pass, 93.75% gave CLINC val 95.7% and 94% gives 96.0% (five-fold English in-scope
    /// 88.3% -> 87.8%). The fifth session's 2,700 more natural lines moved the 94% threshold down
    /// again (0.74 -> 0.73) and CLINC val to 95.4% (test 94.9%); 95% keeps val at 96.2% and test at
    /// 96.0% with the same bill recall (five-fold English in-scope 88.9% -> 87.2%). The sixth session's
    /// better-fitted model (`IntentClassifier.Settings`) and 400 more English lines took CLINC val to
    /// 95.0% at 95%; 96% gives 95.9% with English blind-set lines as before (97.6% of 1,271 against
    /// 97.4% for the old model at 95%). The
    /// other languages have no rejection target of their own; their validation out-of-scope phrases
    /// are near misses written on purpose ("pagar la factura del gas"), and a 92% floor on them cost
    /// a fifth of the in-scope answers, so they take the balanced score. Chinese asks 97.5% since the
    /// eighth session: 300 generic-assistant requests ("提醒我明天吃药", "放段黄梅戏") made the validation
    /// out-of-scope phrases easier and, at 96.5%, let SMP val rejection fall to 96.9%; 97.5% kept it at
    /// 97.1-98.2% through the session's later data (with the strict intents' margin,
    /// `Intents/lexicon/strict_intents.txt`).
    public static func requiredRejection(for language: Language?) -> Double? {
        guard let language else { return 0.93 }
        if language.isChinese { return 0.975 }
        return language == .en ? 0.96 : nil
    }

    /// Trains on 80% of `intentsFolder`'s source lines and returns the calibration fitted on the rest,
    /// with a one-line summary of the validation results per language.
    ///
    /// - Throws: `IntentEngineError.invalidData` when the folder cannot be loaded.
    public static func calibrate(intentsFolder: URL) throws -> (calibration: Calibration, report: [String]) {
        // Five folds: each source line (all its expansions together, picked by a hash of "file:line")
        // is held out once, scored by a model trained on the other four fifths. Pooling the folds
        // gives every language five times the validation phrases of one split, so thresholds do not
        // jump with the training order when a few lines change.
        let reference = YearMonth(year: 2026, month: 6)
        var scored: [(TrainingPhrase, [Float])] = []
        var intents: [IntentName] = []
        var margins: [Double] = []
        var classIndex: [IntentName: Int] = [:]
        var languages: [Language] = []
        for fold in 0..<folds {
            let isHeldOut: @Sendable (TrainingPhrase) -> Bool = { phrase in
                FeatureHasher.finish(FeatureHasher.hash(namespace: 7, phrase.source.unicodeScalars.map(\.value))) % UInt64(folds) == UInt64(fold)
            }
            let engine = try IntentEngine.load(from: intentsFolder, holdOut: isHeldOut)
            intents = engine.intents
            margins = engine.thresholdMargins
            classIndex = engine.classIndex
            languages = engine.languages
            let validation = engine.trainingPhrases.filter(isHeldOut)
            scored += validation.map { phrase in (phrase, engine.rawLogits(phrase.text, language: phrase.language, reference: reference)) }
        }
        guard !scored.isEmpty else { throw IntentEngineError.invalidData("no phrases held out for validation") }
        var bestTemperature = 1.0
        var bestLoss = Double.infinity
        for step in 0...60 {
            let temperature = 0.4 + Double(step) * 0.1
            var loss = 0.0
            for (phrase, logits) in scored {
                let probabilities = softmax(logits, temperature: temperature)
                loss -= log(max(1e-12, probabilities[classIndex[phrase.intent]!]))
            }
            if loss < bestLoss {
                bestLoss = loss
                bestTemperature = temperature
            }
        }
        var thresholds: [String: Double] = [:]
        var report: [String] = []
        let all = scored.map { prediction(for: $0.0, logits: $0.1, temperature: bestTemperature, intents: intents, margins: margins) }
        let pooled = choose(all, language: nil)
        report.append("all languages: \(all.count) held-out phrases; \(pooled.summary)")
        for language in languages {
            let rows = scored.filter { $0.0.language == language }
            guard !rows.isEmpty else { continue }
            let predictions = rows.map { prediction(for: $0.0, logits: $0.1, temperature: bestTemperature, intents: intents, margins: margins) }
            let own = choose(predictions, language: language)
            // Few held-out out-of-scope phrases make a noisy threshold: blend it with the pooled one,
            // weighting each by its number of out-of-scope phrases (the pooled one counts as 150).
            let outOfScopeCount = Double(predictions.filter { !$0.expected.isInScope }.count)
            let blended = (outOfScopeCount * own.threshold + shrinkage * pooled.threshold) / (outOfScopeCount + shrinkage)
            thresholds[language.rawValue] = (blended * 100).rounded() / 100
            report.append("\(language.rawValue): \(rows.count) held-out phrases (\(Int(outOfScopeCount)) out of scope); own \(own.summary); blended threshold \(thresholds[language.rawValue]!)")
        }
        func floor(_ language: Language?) -> String {
            (requiredRejection(for: language) ?? 0).formatted(.percent.precision(.fractionLength(0...1)).locale(Locale(identifier: "en_US_POSIX")))
        }
        let method = "Five-fold cross-validation over Intents/ source lines: each line (all its expansions) is held out once, by a hash of file:line, and scored by a model trained on the other 80%; \(scored.count) validation phrases in all. Temperature = lowest log loss on the validation phrases (grid 0.4...6.4); threshold = the one (grid 0.10...0.90; in-scope answers below it become out_of_scope) that keeps the most in-scope validation answers right while rejecting at least \(floor(.zhHans)) (Chinese), \(floor(.en)) (English) or \(floor(nil)) (all languages pooled) of the validation out-of-scope phrases; for the other languages (and where no threshold reaches the floor) the middle of the thresholds within 0.5 points of the best mean of in-scope accuracy and out-of-scope rejection; computed for each language and for all languages pooled; each language's own threshold is blended with the pooled one, weighted by its number of validation out-of-scope phrases against 150 for the pooled one. Generated by `payassist intents eval --calibrate`."
        let calibration = Calibration(temperature: (bestTemperature * 100).rounded() / 100, thresholds: thresholds, defaultThreshold: 0.5, method: method)
        return (calibration, report)
    }

    /// How far below the best balanced score a threshold may be and still count as on its plateau.
    static let plateauTolerance = 0.005

    /// Number of cross-validation folds.
    static let folds = 5

    /// Weight, in out-of-scope phrases, of the pooled threshold when blending a language's own.
    static let shrinkage = 150.0

    struct Prediction {
        let expected: IntentName
        let top: IntentName
        let probability: Double
        /// What `top` needs over the threshold (Intents/lexicon/strict_intents.txt).
        let margin: Double
    }

    static func prediction(for phrase: TrainingPhrase, logits: [Float], temperature: Double, intents: [IntentName], margins: [Double]) -> Prediction {
        let probabilities = softmax(logits, temperature: temperature)
        let candidate = IntentEngine.inScopeCandidate(probabilities, intents: intents)
        return Prediction(expected: phrase.intent, top: intents[candidate.index], probability: candidate.score, margin: margins[candidate.index])
    }

    /// The threshold for a set of held-out predictions and a one-line account of why.
    static func choose(_ predictions: [Prediction], language: Language?) -> (threshold: Double, summary: String) {
        let requiredRejection = requiredRejection(for: language)
        let inScopeTotal = max(1, predictions.filter { $0.expected.isInScope }.count)
        let outOfScopeTotal = max(1, predictions.filter { !$0.expected.isInScope }.count)
        var scores: [(threshold: Double, score: Double, inScope: Double, rejected: Double)] = []
        for step in 10...90 {
            let threshold = Double(step) / 100
            var inScopeCorrect = 0
            var rejected = 0
            for prediction in predictions {
                let required = IntentEngine.requiredScore(threshold: threshold, margin: prediction.margin)
                let answer = prediction.top.isInScope && prediction.probability >= required ? prediction.top : .outOfScope
                if prediction.expected.isInScope, answer == prediction.expected { inScopeCorrect += 1 }
                if !prediction.expected.isInScope, answer == .outOfScope { rejected += 1 }
            }
            let inScope = Double(inScopeCorrect) / Double(inScopeTotal)
            let rejectedShare = Double(rejected) / Double(outOfScopeTotal)
            scores.append((threshold, (inScope + rejectedShare) / 2, inScope, rejectedShare))
        }
        // The issue asks that out-of-scope utterances be rejected (>= 95%); among the thresholds that
        // reject that many held-out out-of-scope phrases, take the one keeping most in-scope answers.
        // When none does, take the best balanced score.
        let meeting = requiredRejection.map { floor in scores.filter { $0.rejected >= floor } } ?? []
        let at: (threshold: Double, score: Double, inScope: Double, rejected: Double)
        let rule: String
        if let requiredRejection, let best = meeting.max(by: { $0.inScope != $1.inScope ? $0.inScope < $1.inScope : $0.threshold > $1.threshold }) {
            at = best
            rule = "lowest threshold rejecting >= \(Int(requiredRejection * 100))%"
        } else {
            // The balanced score is often flat near its best: take the middle of the thresholds within
            // half a point of it, so a few lines changed in another language do not swing this one.
            let best = scores.map(\.score).max()!
            let plateau = scores.filter { $0.score >= best - IntentCalibrator.plateauTolerance }
            at = plateau[plateau.count / 2]
            rule = "middle of the best balanced scores"
        }
        return (at.threshold, "threshold \(at.threshold) (\(rule)): in-scope accuracy \(String(format: "%.1f", 100 * at.inScope))%, out-of-scope rejected \(String(format: "%.1f", 100 * at.rejected))%")
    }

    private static func softmax(_ logits: [Float], temperature: Double) -> [Double] {
        let scaled = logits.map { Double($0) / temperature }
        let maximum = scaled.max() ?? 0
        let exps = scaled.map { exp($0 - maximum) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
