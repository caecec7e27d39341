import Foundation
import PayAssistCore
import Testing

@Suite("Structured logs")
struct LoggerTests {
    @Test("each log line is one JSON object with the message, level and fields")
    func writesJSONLines() throws {
        let sink = MemoryLogSink()
        Logger(label: "test", sink: sink).with(["request_id": "r1"]).info("hello", ["route": "/x"])
        let line = try #require(sink.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["msg"] == "hello")
        #expect(object["level"] == "info")
        #expect(object["request_id"] == "r1")
        #expect(object["route"] == "/x")
    }

    @Test("card-like digit runs never reach a log line")
    func redactsCardNumbers() {
        let sink = MemoryLogSink()
        Logger(label: "test", sink: sink).warning("declined 4242 4242 4242 4242", ["card": "4000000000003220"])
        #expect(!sink.lines.joined().contains("4242 4242"))
        #expect(!sink.lines.joined().contains("4000000000003220"))
        #expect(Logger.redactCardNumbers("account 1002345678") == "account 1002345678")
    }

    @Test("lines below the minimum level are dropped")
    func dropsBelowLevel() {
        let sink = MemoryLogSink()
        Logger(label: "test", sink: sink, minimumLevel: .warning).info("quiet")
        #expect(sink.lines.isEmpty)
    }
}
