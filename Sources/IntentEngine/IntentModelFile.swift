import Foundation
import PayAssistCore

/// The trained model saved as a file (Intents/generated/model.bin), so start-up reads it instead of
/// training: `payassist intents build-model` writes it, and it is committed with the data it was
/// trained from.
///
/// The file records the SHA-256 fingerprint of every file under Intents/ that training reads (all
/// but README files, calibration.json and the model itself). When the data changes, the fingerprint
/// no longer matches and the engine trains at start-up as before, so a stale file never answers.
/// Training rounds the classifier's weights to half precision, so a model read from the file and one
/// trained at start-up are the same model.
///
/// Layout (little-endian): magic, fingerprint (32 bytes), class count, bucket count, detector bits,
/// intent names, the classifier's weights (bucket-major half-precision floats, `classCount` a
/// bucket), the language detector's counts, then the SHA-256 of everything before it.
enum IntentModelFile {
    /// Where the model lives inside Intents/.
    static let relativePath = "generated/model.bin"
    /// First bytes of the file; the last digits change when the layout does.
    static let magic = Array("PAYASSIST-INTENT-MODEL-0001\n".utf8)

    /// Why a model file was not used.
    enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// There is no model file.
        case missing
        /// The data changed after the file was written (its fingerprint differs).
        case stale
        /// The file is damaged, truncated or of another layout.
        case unreadable(String)

        var description: String {
            switch self {
            case .missing: "no \(IntentModelFile.relativePath)"
            case .stale: "\(IntentModelFile.relativePath) was built from other data"
            case .unreadable(let detail): "\(IntentModelFile.relativePath) is unreadable (\(detail))"
            }
        }
    }

    /// The model's parts.
    struct Contents {
        let intents: [IntentName]
        let classifier: IntentClassifier
        let detector: LanguageDetector
    }

    /// SHA-256 over the files training reads, in path order: each file's relative path, its size and
    /// its bytes.
    static func fingerprint(of intentsFolder: URL) throws -> [UInt8] {
        let root = intentsFolder.standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw IntentEngineError.invalidData("cannot list \(root.path)")
        }
        var files: [(path: String, url: URL)] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = String(url.standardizedFileURL.resolvingSymlinksInPath().path.dropFirst(root.path.count + 1))
            let name = url.lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix(".md") || path == "calibration.json" || path == relativePath { continue }
            files.append((path, url))
        }
        files.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        var bytes: [UInt8] = []
        for file in files {
            guard let contents = FileManager.default.contents(atPath: file.url.path) else {
                throw IntentEngineError.invalidData("cannot read \(file.url.path)")
            }
            bytes += Array(file.path.utf8) + [0]
            bytes += Array(String(contents.count).utf8) + [0]
            bytes += contents
        }
        return Crypto.sha256(bytes)
    }

    /// The file's bytes for a model trained on data with `fingerprint`.
    static func encode(_ contents: Contents, fingerprint: [UInt8]) -> [UInt8] {
        var out = ModelBytesWriter()
        out.bytes += magic
        out.bytes += fingerprint
        out.append(UInt32(contents.intents.count))
        out.append(UInt32(FeatureExtractor.bucketCount))
        out.append(UInt32(LanguageDetector.bits))
        out.append(strings: contents.intents.map(\.rawValue))
        for bits in contents.classifier.halfPrecisionBits() { out.append(bits) }
        let counts = contents.detector.counts
        out.append(strings: counts.languages.map(\.rawValue))
        out.append(UInt32(counts.candidates.count))
        for options in counts.candidates { out.append(strings: options.map(\.rawValue)) }
        out.append(strings: counts.modelled.map(\.rawValue))
        for (buckets, hits) in zip(counts.buckets, counts.hits) {
            out.append(UInt32(buckets.count))
            for bucket in buckets { out.append(bucket) }
            for hit in hits { out.append(hit) }
        }
        out.bytes += Crypto.sha256(out.bytes)
        return out.bytes
    }

    /// Reads the model in `data`, if it was built from data with `fingerprint`.
    ///
    /// - Throws: `Problem.stale` or `Problem.unreadable`.
    static func decode(_ data: [UInt8], fingerprint: [UInt8]) throws(Problem) -> Contents {
        guard data.count > magic.count + 64, Array(data.prefix(magic.count)) == magic else { throw .unreadable("not a model file of this version") }
        let body = data.prefix(data.count - 32)
        guard Crypto.sha256(body) == Array(data.suffix(32)) else { throw .unreadable("checksum mismatch") }
        var input = ModelBytesReader(bytes: Array(body), position: magic.count)
        guard try input.take(32) == fingerprint else { throw .stale }
        let classCount = Int(try input.uint32())
        guard try input.uint32() == UInt32(FeatureExtractor.bucketCount), try input.uint32() == UInt32(LanguageDetector.bits) else {
            throw .unreadable("built with another feature size")
        }
        let intents = try input.strings().compactMap { IntentName(rawValue: $0) }
        guard intents.count == classCount else { throw .unreadable("class count mismatch") }
        let weightCount = FeatureExtractor.bucketCount * classCount
        var weights = [UInt16]()
        weights.reserveCapacity(weightCount)
        for _ in 0..<weightCount { weights.append(try input.uint16()) }
        let classifier = weights.withUnsafeBufferPointer { IntentClassifier(classCount: classCount, halfPrecisionBits: $0) }
        func languages() throws(Problem) -> [Language] {
            try input.strings().map { tag throws(Problem) in
                guard let language = Language(rawValue: tag) else { throw .unreadable("bad language tag") }
                return language
            }
        }
        let allLanguages = try languages()
        let alphabetCount = Int(try input.uint32())
        guard alphabetCount == LanguageDetector.Alphabet.allCases.count else { throw .unreadable("alphabet count mismatch") }
        var candidates: [[Language]] = []
        for _ in 0..<alphabetCount { candidates.append(try languages()) }
        let modelled = try languages()
        var buckets: [[UInt16]] = []
        var hits: [[UInt32]] = []
        for _ in modelled {
            let count = Int(try input.uint32())
            guard count <= 1 << LanguageDetector.bits else { throw .unreadable("bad detector row") }
            var rowBuckets: [UInt16] = []
            var rowHits: [UInt32] = []
            for _ in 0..<count { rowBuckets.append(try input.uint16()) }
            for _ in 0..<count { rowHits.append(try input.uint32()) }
            buckets.append(rowBuckets)
            hits.append(rowHits)
        }
        guard input.position == input.bytes.count else { throw .unreadable("trailing bytes") }
        let counts = LanguageDetector.Counts(languages: allLanguages, candidates: candidates, modelled: modelled, buckets: buckets, hits: hits)
        return Contents(intents: intents, classifier: classifier, detector: LanguageDetector(counts: counts))
    }
}

/// Little-endian encoding of the model file's numbers and strings.
private struct ModelBytesWriter {
    var bytes: [UInt8] = []

    mutating func append<Number: FixedWidthInteger>(_ value: Number) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// A count, then each string as its UTF-8 length and bytes.
    mutating func append(strings: [String]) {
        append(UInt32(strings.count))
        for string in strings {
            append(UInt32(string.utf8.count))
            bytes += Array(string.utf8)
        }
    }
}

/// Reads what `ModelBytesWriter` wrote; running past the end is `Problem.unreadable`.
private struct ModelBytesReader {
    let bytes: [UInt8]
    var position: Int

    mutating func take(_ count: Int) throws(IntentModelFile.Problem) -> [UInt8] {
        guard count >= 0, position + count <= bytes.count else { throw .unreadable("truncated") }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func uint16() throws(IntentModelFile.Problem) -> UInt16 {
        guard position + 2 <= bytes.count else { throw .unreadable("truncated") }
        defer { position += 2 }
        return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
    }

    mutating func uint32() throws(IntentModelFile.Problem) -> UInt32 {
        guard position + 4 <= bytes.count else { throw .unreadable("truncated") }
        defer { position += 4 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[position + $1]) << (8 * $1) }
    }

    mutating func strings() throws(IntentModelFile.Problem) -> [String] {
        let count = Int(try uint32())
        guard count <= 10_000 else { throw .unreadable("bad string count") }
        var strings: [String] = []
        for _ in 0..<count {
            let length = Int(try uint32())
            guard let string = String(validating: try take(length), as: UTF8.self) else { throw .unreadable("bad UTF-8") }
            strings.append(string)
        }
        return strings
    }
}
