import Testing
@testable import HTTPServer

@Suite("HTTP response serializer")
struct HTTPResponseSerializerTests {
    private func wire(_ response: HTTPResponse, keepAlive: Bool = true, omitBody: Bool = false) -> String {
        var output: [UInt8] = []
        HTTPResponseSerializer.serialize(response, requestID: "rid-1", keepAlive: keepAlive, omitBody: omitBody,
                                         date: "Fri, 27 Nov 2026 07:00:00 GMT", into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func addsLengthDateConnectionAndRequestID() {
        let text = wire(.text("hi"))
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\nDate: Fri, 27 Nov 2026 07:00:00 GMT\r\nConnection: keep-alive\r\nX-Request-Id: rid-1\r\n\r\nhi")
    }

    @Test func serverOwnedHeadersFromTheHandlerAreReplaced() {
        let response = HTTPResponse(status: 200, headers: ["Content-Length": "999", "Connection": "keep-alive", "X-Request-Id": "mine"], body: Array("abc".utf8))
        let text = wire(response, keepAlive: false)
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("999"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(!text.contains("keep-alive"))
        #expect(text.contains("X-Request-Id: mine\r\n"))
        #expect(!text.contains("rid-1"))
    }

    @Test func headKeepsTheLengthButSendsNoBody() {
        let text = wire(.text("hello"), omitBody: true)
        #expect(text.contains("Content-Length: 5\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func noContentHasNeitherLengthNorBody() {
        let text = wire(HTTPResponse(status: 204, body: Array("ignored".utf8)))
        #expect(text.hasPrefix("HTTP/1.1 204 No Content\r\n"))
        #expect(!text.contains("Content-Length"))
        #expect(!text.contains("ignored"))
    }

    @Test func controlCharactersInHeaderValuesCannotSplitTheResponse() {
        let response = HTTPResponse(status: 200, headers: ["X-Note": "a\r\nSet-Cookie: evil=1"], body: [])
        let text = wire(response)
        #expect(text.contains("X-Note: a  Set-Cookie: evil=1\r\n"))
        #expect(!text.contains("\r\nSet-Cookie"))
    }

    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (1_795_762_800, "Fri, 27 Nov 2026 07:00:00 GMT"),
    ])
    func datesUseTheIMFFixdateFormat(seconds: Int, expected: String) {
        #expect(HTTPDateCache.format(seconds) == expected)
    }
}
