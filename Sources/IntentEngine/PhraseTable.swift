/// A set of normalized phrases with a payload each, matched longest-first at word boundaries.
///
/// Used for every lexicon in Intents/lexicon (currency words, language names, month words, time
/// words): phrases in spaced scripts must start and end on a word boundary, CJK phrases match anywhere,
/// and Hangul phrases may be followed by a particle ("지난달에").
struct PhraseTable<Payload: Sendable>: Sendable {
    /// One phrase: where its scalars are in `phraseScalars`, and its payload's index. Plain integers,
    /// so looking phrases up copies and counts no references (the hot path of every lexicon).
    private struct Entry: Sendable {
        let start: Int32
        let length: Int32
        let payload: Int32
    }

    /// Every phrase's scalars, one after another.
    private let phraseScalars: [UInt32]
    private let payloads: [Payload]
    /// Entries sorted longest first, grouped by first scalar (`byFirst`) and by last scalar (`byLast`).
    private let firstOrder: [Entry]
    private let lastOrder: [Entry]
    private let byFirst: [UInt32: Range<Int>]
    private let byLast: [UInt32: Range<Int>]

    /// Builds the table; empty phrases are skipped.
    init(_ entries: [([UInt32], Payload)]) {
        var scalars: [UInt32] = []
        var payloads: [Payload] = []
        var all: [Entry] = []
        for (phrase, payload) in entries where !phrase.isEmpty {
            all.append(Entry(start: Int32(scalars.count), length: Int32(phrase.count), payload: Int32(payloads.count)))
            scalars.append(contentsOf: phrase)
            payloads.append(payload)
        }
        func phrase(_ entry: Entry) -> ArraySlice<UInt32> { scalars[Int(entry.start)..<Int(entry.start + entry.length)] }
        func grouped(by key: (Entry) -> UInt32) -> (order: [Entry], ranges: [UInt32: Range<Int>]) {
            // Longest first within a group; equal lengths in a fixed order, so matching is deterministic.
            let order = all.sorted { a, b in
                if key(a) != key(b) { return key(a) < key(b) }
                if a.length != b.length { return a.length > b.length }
                return phrase(a).lexicographicallyPrecedes(phrase(b))
            }
            var ranges: [UInt32: Range<Int>] = [:]
            var lower = 0
            while lower < order.count {
                var upper = lower + 1
                while upper < order.count && key(order[upper]) == key(order[lower]) { upper += 1 }
                ranges[key(order[lower])] = lower..<upper
                lower = upper
            }
            return (order, ranges)
        }
        let first = grouped { scalars[Int($0.start)] }
        let last = grouped { scalars[Int($0.start + $0.length - 1)] }
        phraseScalars = scalars
        self.payloads = payloads
        firstOrder = first.order
        byFirst = first.ranges
        lastOrder = last.order
        byLast = last.ranges
    }

    /// True for letters of spaced scripts (Latin, Cyrillic, other alphabets, Hangul), which need word boundaries.
    @inline(__always) static func isWordLetter(_ value: UInt32) -> Bool {
        TextNormalizer.isSpacedScriptLetter(value) || TextNormalizer.isHangul(value)
    }

    @inline(__always) private static func isSpacedLetter(_ value: UInt32) -> Bool {
        TextNormalizer.isSpacedScriptLetter(value)
    }

    @inline(__always) private func fits(_ entry: Entry, at start: Int, in scalars: [UInt32], startBoundary: Bool = true, endBoundary: Bool = true) -> Bool {
        let length = Int(entry.length)
        let end = start + length
        guard start >= 0, end <= scalars.count else { return false }
        let base = Int(entry.start)
        for offset in 0..<length where scalars[start + offset] != phraseScalars[base + offset] { return false }
        if startBoundary, PhraseTable.isWordLetter(phraseScalars[base]), start > 0, PhraseTable.isWordLetter(scalars[start - 1]) { return false }
        if endBoundary, PhraseTable.isSpacedLetter(phraseScalars[base + length - 1]), end < scalars.count, PhraseTable.isSpacedLetter(scalars[end]) { return false }
        return true
    }

    /// The longest phrase starting at `start`: its end (exclusive) and payload. With `afterWord`,
    /// the phrase may continue a word (a number word glued to the one before: "만오천"); with
    /// `openEnd`, a word may go on after it (the first part of "hundertzwanzig").
    func match(startingAt start: Int, in scalars: [UInt32], afterWord: Bool = false, openEnd: Bool = false) -> (end: Int, payload: Payload)? {
        guard start < scalars.count else { return nil }
        // Inside a word of a spaced script no phrase can start (each would fail its start boundary):
        // skip the table lookup, which most positions of Latin, Cyrillic and Hangul text would pay.
        if !afterWord, start > 0, PhraseTable.isWordLetter(scalars[start]), PhraseTable.isWordLetter(scalars[start - 1]) { return nil }
        guard let group = byFirst[scalars[start]] else { return nil }
        for index in group where fits(firstOrder[index], at: start, in: scalars, startBoundary: !afterWord, endBoundary: !openEnd) {
            return (start + Int(firstOrder[index].length), payloads[Int(firstOrder[index].payload)])
        }
        return nil
    }

    /// The longest phrase ending just before `end`: its start and payload.
    func match(endingAt end: Int, in scalars: [UInt32]) -> (start: Int, payload: Payload)? {
        guard end > 0, end <= scalars.count, let group = byLast[scalars[end - 1]] else { return nil }
        for index in group where fits(lastOrder[index], at: end - Int(lastOrder[index].length), in: scalars) {
            return (end - Int(lastOrder[index].length), payloads[Int(lastOrder[index].payload)])
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
