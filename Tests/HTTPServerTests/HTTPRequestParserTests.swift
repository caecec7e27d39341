import Testing
@testable import HTTPServer

/// Feeds `text` to a fresh parser and collects events until it needs more data or fails.
private func events(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> [HTTPRequestParser.Event] {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(Array(text.utf8))
    return drain(&parser)
}

private func drain(_ parser: inout HTTPRequestParser) -> [HTTPRequestParser.Event] {
    var result: [HTTPRequestParser.Event] = []
    while true {
        let event = parser.next()
        result.append(event)
        switch event {
        case .needMoreData, .failure: return result
        default: continue
        }
    }
}

private func requests(_ events: [HTTPRequestParser.Event]) -> [ParsedHTTPRequest] {
    events.compactMap { if case .request(let request) = $0 { return request } else { return nil } }
}

private func failure(_ events: [HTTPRequestParser.Event]) -> HTTPParseError? {
    if case .failure(let error) = events.last { return error }
    return nil
}

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    @Test func parsesASimpleGet() throws {
        let parsed = requests(events("GET /v1/customers/c1?lang=en HTTP/1.1\r\nHost: example\r\nX-Test:  padded value \t\r\n\r\n"))
        let request = try #require(parsed.first)
        #expect(request.method == .get)
        #expect(request.target == "/v1/customers/c1?lang=en")
        #expect(request.minorVersion == 1)
        #expect(request.headers["host"] == "example")
        #expect(request.headers["X-Test"] == "padded value")
        #expect(request.body.isEmpty)
        #expect(request.keepAlive)
        let routed = request.makeRequest()
        #expect(routed.path == "/v1/customers/c1")
        #expect(routed.query["lang"] == "en")
    }

    @Test(arguments: [
        ("HTTP/1.1", nil, true),
        ("HTTP/1.1", "close", false),
        ("HTTP/1.1", "Keep-Alive, Close", false),
        ("HTTP/1.1", "keep-alive", true),
        ("HTTP/1.0", nil, false),
        ("HTTP/1.0", "keep-alive", true),
        ("HTTP/1.0", "Keep-Alive", true),
        ("HTTP/1.0", "close", false),
    ] as [(String, String?, Bool)])
    func keepAliveFollowsVersionAndConnectionHeader(version: String, connection: String?, keepAlive: Bool) throws {
        let header = connection.map { "Connection: \($0)\r\n" } ?? ""
        let request = try #require(requests(events("GET / \(version)\r\n\(header)\r\n")).first)
        #expect(request.keepAlive == keepAlive)
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let text = "GET /first HTTP/1.1\r\n\r\nPOST /second HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /third HTTP/1.1\r\n\r\n"
        let parsed = requests(events(text))
        #expect(parsed.map(\.target) == ["/first", "/second", "/third"])
        #expect(parsed[1].body == Array("abc".utf8))
    }

    @Test func bytesFedOneAtATimeGiveTheSameRequest() {
        let text = "POST /echo HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"
        var parser = HTTPRequestParser()
        var collected: [ParsedHTTPRequest] = []
        for byte in text.utf8 {
            parser.append([byte])
            collected += requests(drain(&parser))
        }
        #expect(collected.count == 1)
        #expect(collected.first?.body == Array("{\"a\":1}".utf8))
    }

    @Test func contentLengthBodyIsRead() throws {
        let request = try #require(requests(events("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")).first)
        #expect(request.method == .put)
        #expect(request.body == Array("hello".utf8))
    }

    @Test func bodyWaitsForAllItsBytes() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nhello".utf8))
        #expect(requests(drain(&parser)).isEmpty)
        #expect(parser.phase == .body)
        parser.append(Array("world".utf8))
        #expect(requests(drain(&parser)).first?.body == Array("helloworld".utf8))
        #expect(parser.phase == .idle)
    }

    @Test func chunkedBodyWithExtensionsAndTrailersIsDechunked() throws {
        let text = "POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n5;name=value\r\nhello\r\nA \r\n, chunked!\r\n0\r\nX-Checksum: abc\r\n\r\n"
        let request = try #require(requests(events(text)).first)
        #expect(request.body == Array("hello, chunked!".utf8))
        #expect(request.headers["X-Checksum"] == nil)
    }

    @Test func headRequestIsParsedLikeGet() throws {
        let request = try #require(requests(events("HEAD /healthz HTTP/1.1\r\n\r\n")).first)
        #expect(request.method == .head)
    }

    @Test func expectContinueIsReportedBeforeTheBody() {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        let first = drain(&parser)
        guard case .continueExpected = first.first else {
            Issue.record("expected continueExpected, got \(first)")
            return
        }
        parser.append(Array("ok".utf8))
        #expect(requests(drain(&parser)).first?.body == Array("ok".utf8))
    }

    @Test func expectContinueIsSkippedWhenTheBodyAlreadyArrived() {
        let got = events("POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(requests(got).count == 1)
        #expect(!got.contains { if case .continueExpected = $0 { return true } else { return false } })
    }

    @Test func emptyLinesBeforeARequestAreIgnored() {
        #expect(requests(events("\r\n\r\nGET / HTTP/1.1\r\n\r\n")).count == 1)
    }

    @Test(arguments: [
        ("http://example.com/a/b?c=d", "/a/b?c=d"),
        ("HTTP://example.com", "/"),
        ("http://example.com?q=1", "/?q=1"),
    ])
    func absoluteFormTargetIsReducedToItsPath(target: String, expected: String) throws {
        let request = try #require(requests(events("GET \(target) HTTP/1.1\r\n\r\n")).first)
        #expect(request.target == expected)
    }

    /// Every malformed input from the issue's "Bad input" list, with the error it must produce.
    @Test(arguments: [
        ("GET /\r\n\r\n", HTTPParseError.malformedRequestLine),
        ("GET  / HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1 \r\n\r\n", .malformedRequestLine),
        ("G@T / HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET relative HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET * HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET /caf\u{e9} HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET / HTTX/1.1\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1\n\r\n", .malformedRequestLine),
        ("\u{0}\u{1}\u{2}\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/2.0\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/0.9\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/1.1\r\nHost example\r\n\r\n", .invalidHeader),
        ("GET / HTTP/1.1\r\nHost : example\r\n\r\n", .invalidHeader),
        ("GET / HTTP/1.1\r\n: empty-name\r\n\r\n", .invalidHeader),
        ("GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", .invalidHeader),
        ("GET / HTTP/1.1\r\nX-A: bell\u{7}\r\n\r\n", .invalidHeader),
        ("GET / HTTP/1.1\r\nX-A: 1\nX-B: 2\r\n\r\n", .invalidHeader),
        ("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", .invalidHeader),
        ("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", .duplicateContentLength),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n", .bodyTooLarge),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", .conflictingFraming),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .conflictingFraming),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .conflictingFraming),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferEncoding),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", .invalidChunk),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", .invalidChunk),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", .invalidChunk),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", .invalidChunk),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY", .invalidChunk),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n", .invalidChunk),
    ] as [(String, HTTPParseError)])
    func badInputIsRejectedWithItsError(raw: String, expected: HTTPParseError) {
        #expect(failure(events(raw)) == expected)
    }

    @Test(arguments: [
        (HTTPParseError.malformedRequestLine, 400), (.invalidHeader, 400), (.invalidContentLength, 400),
        (.duplicateContentLength, 400), (.conflictingFraming, 400), (.invalidChunk, 400),
        (.unsupportedTransferEncoding, 501), (.headersTooLarge, 431), (.bodyTooLarge, 413),
        (.unsupportedVersion, 505), (.requestTimeout, 408),
    ])
    func eachErrorHasItsStatusAndTheJSONErrorBody(error: HTTPParseError, status: Int) throws {
        #expect(error.status == status)
        let response = error.response
        #expect(response.status == status)
        let envelope = try JSONCoding.decoder.decode(ErrorEnvelope.self, from: .init(response.body))
        #expect(envelope.error.code == error.code)
        #expect(!envelope.error.message.isEmpty)
    }

    @Test func headerBlockOverTheLimitIs431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 256, maxBodyBytes: 1024)
        let big = "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 300))\r\n\r\n"
        #expect(failure(events(big, limits: limits)) == .headersTooLarge)
    }

    @Test func headerBlockOverTheLimitIs431EvenWithoutALineEnd() {
        let limits = HTTPParserLimits(maxHeaderBytes: 256, maxBodyBytes: 1024)
        #expect(failure(events("GET /" + String(repeating: "a", count: 400), limits: limits)) == .headersTooLarge)
    }

    @Test func headerBlockAtTheLimitIsAccepted() {
        let prefix = "GET / HTTP/1.1\r\nX-Fill: "
        let suffix = "\r\n\r\n"
        let fill = String(repeating: "a", count: 256 - prefix.utf8.count - suffix.utf8.count)
        let limits = HTTPParserLimits(maxHeaderBytes: 256, maxBodyBytes: 1024)
        #expect(requests(events(prefix + fill + suffix, limits: limits)).count == 1)
    }

    @Test func trailersOverTheLimitAre431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 128, maxBodyBytes: 1024)
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: \(String(repeating: "b", count: 200))\r\n\r\n"
        #expect(failure(events(text, limits: limits)) == .headersTooLarge)
    }

    @Test func contentLengthOverTheLimitIs413BeforeAnyBodyArrives() {
        let limits = HTTPParserLimits(maxHeaderBytes: 1024, maxBodyBytes: 100)
        #expect(failure(events("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", limits: limits)) == .bodyTooLarge)
        #expect(requests(events("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + String(repeating: "x", count: 100), limits: limits)).count == 1)
    }

    @Test func chunkedBodyOverTheLimitIs413() {
        let limits = HTTPParserLimits(maxHeaderBytes: 1024, maxBodyBytes: 100)
        let chunk = "32\r\n" + String(repeating: "x", count: 50) + "\r\n"
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk
        #expect(failure(events(text, limits: limits)) == .bodyTooLarge)
    }

    @Test func aFailureIsFinal() {
        var parser = HTTPRequestParser()
        parser.append(Array("BAD\r\n".utf8))
        #expect(failure(drain(&parser)) == .malformedRequestLine)
        parser.append(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(failure(drain(&parser)) == .malformedRequestLine)
    }

    @Test func phaseTracksWhereTheRequestIs() {
        var parser = HTTPRequestParser()
        #expect(parser.phase == .idle)
        parser.append(Array("GET / HT".utf8))
        _ = drain(&parser)
        #expect(parser.phase == .head)
        parser.append(Array("TP/1.1\r\n\r\n".utf8))
        #expect(requests(drain(&parser)).count == 1)
        #expect(parser.phase == .idle)
    }
}
