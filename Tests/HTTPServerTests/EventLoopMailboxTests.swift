import Testing
@testable import HTTPServer

@Suite("Event-loop mailbox")
struct EventLoopMailboxTests {
    @Test func messagesComeOutInTheOrderTheyWerePosted() throws {
        let mailbox = try EventLoopMailbox()
        mailbox.post(.adopt(fd: 10))
        mailbox.post(.adopt(fd: 11))
        var messages: [EventLoopMailbox.Message] = []
        mailbox.drain(into: &messages)
        let fds = messages.compactMap { if case .adopt(let fd) = $0 { return fd } else { return nil } }
        #expect(fds == [10, 11])
        _ = mailbox.close()
    }

    @Test func aClosedMailboxDropsLatePosts() throws {
        let mailbox = try EventLoopMailbox()
        mailbox.post(.adopt(fd: 12))
        let left = mailbox.close()
        #expect(left.count == 1)
        #expect(!mailbox.post(.stop(deadline: 0)))
    }
}
