/// An incremental, socket-free HTTP/1.x request parser: feed it bytes, ask it for the next event.
///
/// It is a pure state machine (request line, headers, Content-Length or chunked body, trailers),
/// so every framing rule is unit-tested without sockets. Pipelined requests come out one at a
/// time, in order. After a failure it stays failed: the connection must be closed, because the
/// start of the next request can no longer be trusted.
public struct HTTPRequestParser: Sendable {
    /// What the parser has for the caller.
    public enum Event: Sendable {
        /// A complete request (head and de-chunked body).
        case request(ParsedHTTPRequest)
        /// The client sent `Expect: 100-continue` and waits for `100 Continue` before its body.
        case continueExpected
        /// Feed more bytes.
        case needMoreData
        /// The bytes cannot be a valid request; answer with the error and close.
        case failure(HTTPParseError)
    }

    /// Where the parser is within a request, for the connection's timeouts.
    public enum Phase: Sendable, Equatable {
        /// Between requests: no byte of the next one has arrived.
        case idle
        /// Reading the request line and headers.
        case head
        /// Reading the body (or chunked trailers).
        case body
    }

    private enum State: Sendable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParseError)
    }

    /// The limits this parser enforces (header block bytes, body bytes).
    public let limits: HTTPParserLimits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the next search for a line feed starts (so partial lines are not rescanned).
    private var scanIndex = 0
    private var state: State = .requestLine
    /// Bytes of the current head (or trailer block) consumed so far, for the 431 limit.
    private var headBytes = 0

    // The request being assembled.
    private var method = HTTPMethod.get
    private var target = ""
    private var minorVersion = 1
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var contentLengthValues: [[UInt8]] = []
    private var transferEncodingValues: [String] = []
    private var connectionValues: [String] = []
    private var expectsContinue = false
    private var hostCount = 0
    private var continuePending = false

    /// Longest chunk-size line accepted (size plus extensions), in bytes.
    static let maximumChunkLineBytes = 1024

    /// Creates a parser enforcing `limits`.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Bytes received but not yet consumed by a complete request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Where the parser is within a request.
    public var phase: Phase {
        switch state {
        case .requestLine: return (readIndex == buffer.count && headBytes == 0) ? .idle : .head
        case .headers: return .head
        case .failed: return .head
        default: return .body
        }
    }

    /// Appends bytes read from the connection.
    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes read from the connection straight from a raw buffer.
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Drops consumed bytes so the buffer does not grow without bound across keep-alive requests.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            scanIndex = 0
            readIndex = 0
        } else if readIndex >= 16 * 1024 || readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }

    /// Releases buffer memory when nothing is buffered (for idle keep-alive connections).
    public mutating func releaseMemoryIfIdle() {
        if readIndex == buffer.count, buffer.capacity > 0 {
            buffer = []
            readIndex = 0
            scanIndex = 0
        }
    }

    /// Parses as far as the buffered bytes allow and reports what happened.
    public mutating func next() -> Event {
        while true {
            switch state {
            case .failed(let error):
                return .failure(error)

            case .requestLine:
                switch takeLine(limit: limits.maxHeaderBytes, counted: true) {
                case .needMore: return .needMoreData
                case .tooLong: return fail(.headersTooLarge)
                case .bareLineFeed: return fail(.malformedRequestLine)
                case .line(let range):
                    // RFC 9112 2.2: ignore empty lines before a request line.
                    if range.isEmpty { continue }
                    if let error = parseRequestLine(range) { return fail(error) }
                    state = .headers
                }

            case .headers:
                switch takeLine(limit: limits.maxHeaderBytes, counted: true) {
                case .needMore: return .needMoreData
                case .tooLong: return fail(.headersTooLarge)
                case .bareLineFeed: return fail(.invalidHeader)
                case .line(let range):
                    if range.isEmpty {
                        if let error = finishHead() { return fail(error) }
                        if case .requestLine = state { return .request(completeRequest()) }
                        if continuePending && readIndex == buffer.count {
                            continuePending = false
                            return .continueExpected
                        }
                        continuePending = false
                        continue
                    }
                    if let error = parseHeaderLine(range, isTrailer: false) { return fail(error) }
                }

            case .fixedBody(let remaining):
                let available = buffer.count - readIndex
                guard available > 0 else { return .needMoreData }
                let count = min(available, remaining)
                appendBody(count)
                if count == remaining {
                    state = .requestLine
                    return .request(completeRequest())
                }
                state = .fixedBody(remaining: remaining - count)
                return .needMoreData

            case .chunkSize:
                switch takeLine(limit: Self.maximumChunkLineBytes, counted: false) {
                case .needMore: return .needMoreData
                case .tooLong, .bareLineFeed: return fail(.invalidChunk)
                case .line(let range):
                    guard let size = parseChunkSize(range) else { return fail(.invalidChunk) }
                    if size > limits.maxBodyBytes - body.count { return fail(.bodyTooLarge) }
                    if size == 0 {
                        headBytes = 0
                        state = .trailers
                    } else {
                        state = .chunkData(remaining: size)
                    }
                }

            case .chunkData(let remaining):
                let available = buffer.count - readIndex
                guard available > 0 else { return .needMoreData }
                let count = min(available, remaining)
                appendBody(count)
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)

            case .chunkDataEnd:
                guard buffer.count - readIndex >= 2 else {
                    if buffer.count - readIndex == 1 && buffer[readIndex] != UInt8(ascii: "\r") { return fail(.invalidChunk) }
                    return .needMoreData
                }
                guard buffer[readIndex] == UInt8(ascii: "\r"), buffer[readIndex + 1] == UInt8(ascii: "\n") else {
                    return fail(.invalidChunk)
                }
                readIndex += 2
                scanIndex = readIndex
                state = .chunkSize

            case .trailers:
                switch takeLine(limit: limits.maxHeaderBytes, counted: true) {
                case .needMore: return .needMoreData
                case .tooLong: return fail(.headersTooLarge)
                case .bareLineFeed: return fail(.invalidHeader)
                case .line(let range):
                    if range.isEmpty {
                        state = .requestLine
                        return .request(completeRequest())
                    }
                    // Trailers are checked for syntax and then dropped: no handler here needs them.
                    if let error = parseHeaderLine(range, isTrailer: true) { return fail(error) }
                }
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        return .failure(error)
    }

    private mutating func appendBody(_ count: Int) {
        if body.isEmpty {
            body = Array(buffer[readIndex..<(readIndex + count)])
        } else {
            body.append(contentsOf: buffer[readIndex..<(readIndex + count)])
        }
        readIndex += count
        scanIndex = readIndex
    }

    // MARK: Lines

    private enum LineResult {
        case line(Range<Int>)
        case needMore
        case tooLong
        case bareLineFeed
    }

    /// Takes one CRLF-terminated line; `counted` lines add to the header-block byte count.
    private mutating func takeLine(limit: Int, counted: Bool) -> LineResult {
        let start = readIndex
        let used = counted ? headBytes : 0
        var index = max(scanIndex, start)
        let end = buffer.count
        let found: Int? = buffer.withUnsafeBufferPointer { bytes in
            while index < end {
                if bytes[index] == 10 { return index }
                index += 1
            }
            return nil
        }
        guard let lineFeed = found else {
            scanIndex = end
            return used + (end - start) > limit ? .tooLong : .needMore
        }
        let consumed = lineFeed + 1 - start
        if used + consumed > limit { return .tooLong }
        guard lineFeed > start, buffer[lineFeed - 1] == 13 else { return .bareLineFeed }
        readIndex = lineFeed + 1
        scanIndex = readIndex
        if counted { headBytes += consumed }
        return .line(start..<(lineFeed - 1))
    }

    // MARK: Request line

    private mutating func parseRequestLine(_ range: Range<Int>) -> HTTPParseError? {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end, HTTPSyntax.isTokenByte(buffer[index]) { index += 1 }
        guard index > range.lowerBound, index < end, buffer[index] == 32 else { return .malformedRequestLine }
        let methodEnd = index
        index += 1
        let targetStart = index
        while index < end, buffer[index] > 32, buffer[index] < 127 { index += 1 }
        guard index > targetStart, index < end, buffer[index] == 32 else { return .malformedRequestLine }
        let targetEnd = index
        index += 1
        // "HTTP/" DIGIT "." DIGIT
        guard end - index == 8,
              buffer[index] == UInt8(ascii: "H"), buffer[index + 1] == UInt8(ascii: "T"),
              buffer[index + 2] == UInt8(ascii: "T"), buffer[index + 3] == UInt8(ascii: "P"),
              buffer[index + 4] == UInt8(ascii: "/"), HTTPSyntax.isDigit(buffer[index + 5]),
              buffer[index + 6] == UInt8(ascii: "."), HTTPSyntax.isDigit(buffer[index + 7]) else {
            return .malformedRequestLine
        }
        let major = Int(buffer[index + 5] - 48)
        let minor = Int(buffer[index + 7] - 48)
        guard major == 1 else { return .unsupportedVersion }
        minorVersion = minor == 0 ? 0 : 1

        method = HTTPMethod(String(decoding: buffer[range.lowerBound..<methodEnd], as: UTF8.self))
        let rawTarget = String(decoding: buffer[targetStart..<targetEnd], as: UTF8.self)
        guard let originForm = Self.originForm(of: rawTarget, method: method) else { return .malformedRequestLine }
        target = originForm
        return nil
    }

    /// The origin-form ("/path?query") of a request target; absolute-form is reduced to its path.
    static func originForm(of target: String, method: HTTPMethod) -> String? {
        if target.hasPrefix("/") { return target }
        if target == "*" { return method == .options ? target : nil }
        for scheme in ["http://", "https://"] where target.lowercased().hasPrefix(scheme) {
            let rest = target.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
                return rest.isEmpty ? nil : "/"
            }
            let path = String(rest[slash...])
            return path.hasPrefix("?") ? "/" + path : path
        }
        return nil
    }

    // MARK: Headers

    private mutating func parseHeaderLine(_ range: Range<Int>, isTrailer: Bool) -> HTTPParseError? {
        var index = range.lowerBound
        let end = range.upperBound
        // Obsolete line folding (a line starting with whitespace) is rejected (RFC 9112 5.2).
        while index < end, HTTPSyntax.isTokenByte(buffer[index]) { index += 1 }
        guard index > range.lowerBound, index < end, buffer[index] == UInt8(ascii: ":") else { return .invalidHeader }
        let nameEnd = index
        index += 1
        while index < end, buffer[index] == 32 || buffer[index] == 9 { index += 1 }
        var valueEnd = end
        while valueEnd > index, buffer[valueEnd - 1] == 32 || buffer[valueEnd - 1] == 9 { valueEnd -= 1 }
        for position in index..<valueEnd {
            let byte = buffer[position]
            if (byte < 32 && byte != 9) || byte == 127 { return .invalidHeader }
        }
        if isTrailer { return nil }
        let nameBytes = buffer[range.lowerBound..<nameEnd]
        let name = String(decoding: nameBytes, as: UTF8.self)
        let value = String(decoding: buffer[index..<valueEnd], as: UTF8.self)
        headers.add(name: name, value: value)
        switch nameBytes.count {
        case 6 where HTTPSyntax.equalsLowercased(nameBytes, "expect"):
            if value.lowercased() == "100-continue" { expectsContinue = true }
        case 4 where HTTPSyntax.equalsLowercased(nameBytes, "host"):
            hostCount += 1
        case 10 where HTTPSyntax.equalsLowercased(nameBytes, "connection"):
            connectionValues.append(value)
        case 14 where HTTPSyntax.equalsLowercased(nameBytes, "content-length"):
            contentLengthValues.append(Array(buffer[index..<valueEnd]))
        case 17 where HTTPSyntax.equalsLowercased(nameBytes, "transfer-encoding"):
            transferEncodingValues.append(value)
        default:
            break
        }
        return nil
    }

    /// Decides the body framing once the head is complete (RFC 9112 6.1-6.3).
    private mutating func finishHead() -> HTTPParseError? {
        // RFC 9112 3.2: more than one Host is a bad request (a missing one is tolerated).
        if hostCount > 1 { return .invalidHeader }
        if !transferEncodingValues.isEmpty {
            if !contentLengthValues.isEmpty || minorVersion == 0 { return .conflictingFraming }
            let codings = transferEncodingValues
                .flatMap { $0.split(separator: ",") }
                .map { $0.trimmingWhitespace().lowercased() }
            guard !codings.isEmpty, !codings.contains(where: \.isEmpty) else { return .invalidHeader }
            guard codings.allSatisfy({ $0 == "chunked" }) else { return .unsupportedTransferEncoding }
            guard codings.count == 1 else { return .conflictingFraming }
            continuePending = expectsContinue && minorVersion == 1
            state = .chunkSize
            return nil
        }
        if contentLengthValues.count > 1 { return .duplicateContentLength }
        if let raw = contentLengthValues.first {
            if raw.contains(UInt8(ascii: ",")) { return .duplicateContentLength }
            guard !raw.isEmpty, raw.allSatisfy(HTTPSyntax.isDigit) else { return .invalidContentLength }
            let digits = raw.drop { $0 == UInt8(ascii: "0") }
            if digits.count > 18 { return .bodyTooLarge }
            let length = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
            if length > limits.maxBodyBytes { return .bodyTooLarge }
            if length > 0 {
                continuePending = expectsContinue && minorVersion == 1
                state = .fixedBody(remaining: length)
                return nil
            }
        }
        state = .requestLine
        return nil
    }

    private func parseChunkSize(_ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        var size = 0
        var digits = 0
        while index < range.upperBound, let value = HTTPSyntax.hexValue(buffer[index]) {
            digits += 1
            if digits > 15 { return nil }
            size = size * 16 + value
            index += 1
        }
        guard digits > 0 else { return nil }
        while index < range.upperBound, buffer[index] == 32 || buffer[index] == 9 { index += 1 }
        // Chunk extensions (";name=value") are allowed and ignored.
        guard index == range.upperBound || buffer[index] == UInt8(ascii: ";") else { return nil }
        return size
    }

    private mutating func completeRequest() -> ParsedHTTPRequest {
        var keepAlive = minorVersion == 1
        for value in connectionValues {
            for token in value.split(separator: ",") {
                switch token.trimmingWhitespace().lowercased() {
                case "close": keepAlive = false
                case "keep-alive": if minorVersion == 0 { keepAlive = true }
                default: break
                }
            }
        }
        let request = ParsedHTTPRequest(
            method: method, target: target, minorVersion: minorVersion,
            headers: headers, body: body, keepAlive: keepAlive)
        headers = HTTPHeaders()
        body = []
        contentLengthValues.removeAll()
        transferEncodingValues.removeAll()
        connectionValues.removeAll()
        expectsContinue = false
        hostCount = 0
        continuePending = false
        headBytes = 0
        return request
    }
}
