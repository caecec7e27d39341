/// The high-precision phrases of Intents/patterns: an exact match decides the intent outright;
/// a prefix, suffix or contained phrase adds a strong bonus to its intent's score.
struct PatternMatcher: Sendable {
    private let exact: [[UInt32]: IntentName]
    private let contains: PhraseTable<IntentName>
    private let prefixes: PhraseTable<IntentName>
    private let suffixes: PhraseTable<IntentName>

    init(patterns: [IntentPattern], normalizer: TextNormalizer) {
        var exact: [[UInt32]: IntentName] = [:]
        var contains: [([UInt32], IntentName)] = []
        var prefixes: [([UInt32], IntentName)] = []
        var suffixes: [([UInt32], IntentName)] = []
        for pattern in patterns {
            let scalars = normalizer.normalizeScalars(pattern.phrase).scalars
            guard !scalars.isEmpty else { continue }
            switch pattern.kind {
            case .exact: if exact[scalars] == nil { exact[scalars] = pattern.intent }
            case .contains: contains.append((scalars, pattern.intent))
            case .prefix: prefixes.append((scalars, pattern.intent))
            case .suffix: suffixes.append((scalars, pattern.intent))
            }
        }
        self.exact = exact
        self.contains = PhraseTable(contains)
        self.prefixes = PhraseTable(prefixes)
        self.suffixes = PhraseTable(suffixes)
    }

    /// The intent an exact pattern assigns to the whole utterance.
    func exactIntent(_ scalars: [UInt32]) -> IntentName? { exact[scalars] }

    /// Intents whose partial patterns occur in the utterance (each at most once).
    func partialIntents(_ scalars: [UInt32]) -> [IntentName] {
        var found: [IntentName] = []
        if let hit = prefixes.match(startingAt: 0, in: scalars) { found.append(hit.payload) }
        if let hit = suffixes.match(endingAt: scalars.count, in: scalars) { found.append(hit.payload) }
        for hit in contains.matches(in: scalars) { found.append(hit.payload) }
        var seen = Set<IntentName>()
        return found.filter { seen.insert($0).inserted }
    }
}
