/// Size limits for one request.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Maximum bytes of request line plus headers (and, separately, of chunked trailers); over it: 431.
    public var maxHeaderBytes: Int
    /// Maximum body bytes after de-chunking; over it: 413.
    public var maxBodyBytes: Int

    /// Creates limits; the defaults are 16 KiB of headers and 1 MiB of body.
    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1 << 20) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
