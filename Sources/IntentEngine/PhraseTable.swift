/// A set of normalized phrases with a payload each, matched longest-first at word boundaries.
///
/// Used for every lexicon in Intents/lexicon (currency words, language names, month words, time
/// words): phrases in spaced scripts must start and end on a word boundary, CJK phrases match anywhere,
/// and Hangul phrases may be followed by a particle ("지난달에").
struct PhraseTable<Payload: Sendable>: Sendable {
    struct Entry: Sendable {
        let phrase: [UInt32]
        let payload: Payload
    }

    private let byFirst: [UInt32: [Entry]]
    private let byLast: [UInt32: [Entry]]

    /// Builds the table; empty phrases are skipped.
    init(_ entries: [([UInt32], Payload)]) {
        var first: [UInt32: [Entry]] = [:]
        var last: [UInt32: [Entry]] = [:]
        for (phrase, payload) in entries where !phrase.isEmpty {
            first[phrase[0], default: []].append(Entry(phrase: phrase, payload: payload))
            last[phrase[phrase.count - 1], default: []].append(Entry(phrase: phrase, payload: payload))
        }
        let order: (Entry, Entry) -> Bool = { $0.phrase.count != $1.phrase.count ? $0.phrase.count > $1.phrase.count : $0.phrase.lexicographicallyPrecedes($1.phrase) }
        byFirst = first.mapValues { $0.sorted(by: order) }
        byLast = last.mapValues { $0.sorted(by: order) }
    }

    /// True for letters of spaced scripts (Latin, Cyrillic, other alphabets, Hangul), which need word boundaries.
    @inline(__always) static func isWordLetter(_ value: UInt32) -> Bool {
        TextNormalizer.isSpacedScriptLetter(value) || TextNormalizer.isHangul(value)
    }

    @inline(__always) private static func isSpacedLetter(_ value: UInt32) -> Bool {
        TextNormalizer.isSpacedScriptLetter(value)
    }

    @inline(__always) private func fits(_ entry: Entry, at start: Int, in scalars: [UInt32], startBoundary: Bool = true) -> Bool {
        let end = start + entry.phrase.count
        guard start >= 0, end <= scalars.count else { return false }
        for offset in 0..<entry.phrase.count where scalars[start + offset] != entry.phrase[offset] { return false }
        if startBoundary, PhraseTable.isWordLetter(entry.phrase[0]), start > 0, PhraseTable.isWordLetter(scalars[start - 1]) { return false }
        if PhraseTable.isSpacedLetter(entry.phrase[entry.phrase.count - 1]), end < scalars.count, PhraseTable.isSpacedLetter(scalars[end]) { return false }
        return true
    }

    /// The longest phrase starting at `start`: its end (exclusive) and payload. With `afterWord`,
    /// the phrase may continue a word (a number word glued to the one before: "만오천").
    func match(startingAt start: Int, in scalars: [UInt32], afterWord: Bool = false) -> (end: Int, payload: Payload)? {
        guard start < scalars.count else { return nil }
        // Inside a word of a spaced script no phrase can start (each would fail its start boundary):
        // skip the table lookup, which most positions of Latin, Cyrillic and Hangul text would pay.
        if !afterWord, start > 0, PhraseTable.isWordLetter(scalars[start]), PhraseTable.isWordLetter(scalars[start - 1]) { return nil }
        guard let entries = byFirst[scalars[start]] else { return nil }
        for entry in entries where fits(entry, at: start, in: scalars, startBoundary: !afterWord) {
            return (start + entry.phrase.count, entry.payload)
        }
        return nil
    }

    /// The longest phrase ending just before `end`: its start and payload.
    func match(endingAt end: Int, in scalars: [UInt32]) -> (start: Int, payload: Payload)? {
        guard end > 0, end <= scalars.count, let entries = byLast[scalars[end - 1]] else { return nil }
        for entry in entries where fits(entry, at: end - entry.phrase.count, in: scalars) {
            return (end - entry.phrase.count, entry.payload)
        }
        return nil
    }

    /// Every non-overlapping match, left to right, longest at each position.
    func matches(in scalars: [UInt32]) -> [(start: Int, end: Int, payload: Payload)] {
        var found: [(start: Int, end: Int, payload: Payload)] = []
        var index = 0
        while index < scalars.count {
            if let hit = match(startingAt: index, in: scalars) {
                found.append((index, hit.end, hit.payload))
                index = hit.end
            } else {
                index += 1
            }
        }
        return found
    }

    /// True when some phrase occurs in `scalars` at or after `start`.
    func occurs(in scalars: [UInt32], from start: Int = 0) -> Bool {
        for index in min(start, scalars.count)..<scalars.count where match(startingAt: index, in: scalars) != nil { return true }
        return false
    }
}
