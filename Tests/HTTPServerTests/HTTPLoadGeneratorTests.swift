import Testing
@testable import HTTPServer

@Suite("HTTP load generator")
struct HTTPLoadGeneratorTests {
    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 40),
        ("HTTP/1.1 200 OK\r\ncontent-length:  2\r\n\r\nok+next", 41),
        ("HTTP/1.1 204 No Content\r\n\r\n", 27),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", nil),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n", nil),
    ] as [(String, Int?)])
    func responseScannerFindsTheEndOfAResponse(text: String, expected: Int?) {
        #expect(ResponseScanner.completeLength(of: Array(text.utf8)) == expected)
    }

    @Test func percentilesComeFromTheSortedLatencies() {
        let result = HTTPLoadResult(completed: 100, errors: 0, seconds: 2, latenciesMicroseconds: (1...100).map { UInt32($0 * 1000) })
        #expect(result.requestsPerSecond == 50)
        #expect(result.percentileMilliseconds(0.5) == 51)
        #expect(result.percentileMilliseconds(0.99) == 100)
    }
}
