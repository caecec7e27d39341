import Testing
@testable import HTTPServer

@Suite("Connection timeouts")
struct ConnectionTimeoutsTests {
    private func fresh(at now: Double = 100) -> ConnectionTimeouts {
        ConnectionTimeouts(headerTimeout: 5, bodyTimeout: 20, idleTimeout: 60, lingerTimeout: 2, now: now)
    }

    @Test func silentConnectionExpiresAfterTheIdleTimeout() {
        let timeouts = fresh()
        #expect(timeouts.expired(at: 159.9) == nil)
        #expect(timeouts.expired(at: 160) == .idle)
    }

    @Test func trickledHeaderBytesDoNotExtendTheHeaderDeadline() {
        var timeouts = fresh()
        timeouts.enter(.readingHead, at: 101)
        timeouts.enter(.readingHead, at: 104)
        timeouts.enter(.readingHead, at: 105.5)
        #expect(timeouts.expired(at: 105.9) == nil)
        #expect(timeouts.expired(at: 106) == .head)
    }

    @Test func bodyDeadlineCountsFromTheEndOfTheHead() {
        var timeouts = fresh()
        timeouts.enter(.readingHead, at: 101)
        timeouts.enter(.readingBody, at: 103)
        #expect(timeouts.expired(at: 122.9) == nil)
        #expect(timeouts.expired(at: 123) == .body)
    }

    @Test func aRunningHandlerNeverTimesOut() {
        var timeouts = fresh()
        timeouts.enter(.processing, at: 101)
        #expect(timeouts.deadline == nil)
        #expect(timeouts.expired(at: 1_000_000) == nil)
    }

    @Test func writeProgressRestartsTheWriteDeadline() {
        var timeouts = fresh()
        timeouts.enter(.writing, at: 100)
        timeouts.wroteSome(at: 150)
        #expect(timeouts.expired(at: 200) == nil)
        #expect(timeouts.expired(at: 210) == .write)
    }

    @Test func aNewRequestAfterIdleStartsAFreshHeaderClock() {
        var timeouts = fresh()
        timeouts.enter(.processing, at: 101)
        timeouts.enter(.idle, at: 102)
        timeouts.enter(.readingHead, at: 150)
        #expect(timeouts.expired(at: 154) == nil)
        #expect(timeouts.expired(at: 155) == .head)
    }

    @Test func lingeringEndsAfterTheLingerTimeout() {
        var timeouts = fresh()
        timeouts.enter(.lingering, at: 100)
        #expect(timeouts.expired(at: 101.9) == nil)
        #expect(timeouts.expired(at: 102) == .linger)
    }
}
