import Billing
import PayAssistCore
import Storage

/// What every `/v1` route needs: authentication, the billing data, a clock and a logger.
/// Capabilities with routes (reminders, assistant) take it plus their own service.
public struct APIContext: Sendable {
    public let authenticator: Authenticator
    public let billing: BillingStore
    public let clock: any WallClock
    public let logger: Logger
    /// The version reported by /healthz.
    public let version: String

    public init(authenticator: Authenticator, billing: BillingStore, clock: any WallClock = SystemClock(), logger: Logger = .disabled, version: String = PayAssistVersion.current) {
        self.authenticator = authenticator
        self.billing = billing
        self.clock = clock
        self.logger = logger
        self.version = version
    }
}

/// The version of this build.
public enum PayAssistVersion {
    public static let current = "0.1.0"
}
