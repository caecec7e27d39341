import Foundation
import PayAssistCore

/// Delivers reminders on one channel. Implementations: `WebhookChannelAdapter` (HTTP, HMAC-signed)
/// and `LogChannelAdapter` (demo mode without a webhook).
public protocol ReminderChannelAdapter: Sendable {
    /// The channel this adapter serves.
    var channel: ReminderChannel { get }
    /// Tries to deliver one message; never throws, the outcome says what happened.
    func deliver(_ message: ReminderMessage) async -> DeliveryOutcome
}
