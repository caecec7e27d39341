import Assistant
import Billing
import Foundation
import PayAssistCore
import Reminders
import Synchronization

/// Connects the two capabilities that must not depend on each other: the assistant's
/// set_reminder / cancel_reminder go to the reminder scheduler's customer preferences, and the
/// reminders' `{pay_link}` is the assistant's signed checkout link.
struct AssistantReminderBridge: ReminderPreferenceSink {
    let preferences: ReminderPreferences

    /// Opts the customer in (the customer's choice wins over every rule), at their time if they gave one.
    func setReminder(customerID: String, accountNumber: String?, time: LocalTimeOfDay?, language: Language) async throws {
        _ = try preferences.setOptIn(customerID: customerID, enabled: true, preferredTime: time.map { (hour: $0.hour, minute: $0.minute) }, actor: "assistant")
    }

    /// Opts the customer out of every reminder.
    func cancelReminder(customerID: String, accountNumber: String?) async throws {
        _ = try preferences.setOptIn(customerID: customerID, enabled: false, actor: "assistant")
    }
}

/// Makes a reminder's pay link a signed checkout link valid for `lifetime` seconds.
struct CheckoutPayLinks: PayLinkProvider {
    let assistant: Assistant
    let clock: any WallClock
    let lifetime: TimeInterval
    let logger: Logger

    func payLink(accountNumber: String, amount: Money, customerID: String, language: Language) -> String? {
        do {
            return try assistant.createCheckoutLink(customerID: customerID, accountNumber: accountNumber, amount: amount, language: language,
                                                    sessionID: nil, now: clock.now(), lifetime: lifetime).webURL
        } catch {
            logger.warning("could not sign a reminder pay link", ["error": String(describing: error), "account": accountNumber])
            return nil
        }
    }
}

/// Hands the scheduler a provider before the assistant exists (the scheduler is built first, since
/// the assistant's reminder sink needs its preferences); `set` is called once at start-up.
final class DeferredPayLinks: PayLinkProvider {
    private let provider = Mutex<(any PayLinkProvider)?>(nil)

    func set(_ provider: any PayLinkProvider) { self.provider.withLock { $0 = provider } }

    func payLink(accountNumber: String, amount: Money, customerID: String, language: Language) -> String? {
        let current: any PayLinkProvider = provider.withLock { $0 } ?? DeepLinkPayLinkProvider()
        return current.payLink(accountNumber: accountNumber, amount: amount, customerID: customerID, language: language)
    }
}
