/// What one dispatch pass did.
public struct DispatchReport: Sendable, Equatable {
    public var delivered = 0
    public var logged = 0
    public var retried = 0
    public var failed = 0
    public var dead = 0

    public init() {}

    /// Attempts made.
    public var attempts: Int { delivered + logged + retried + failed + dead }
}
