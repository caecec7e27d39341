import PayAssistCore

/// Demo mode: "delivers" by writing one log line (without the text's pay link) and marks the
/// reminder `logged`. Used for every channel that has no webhook URL configured.
public struct LogChannelAdapter: ReminderChannelAdapter {
    public let channel: ReminderChannel
    private let logger: Logger

    public init(channel: ReminderChannel, logger: Logger) {
        self.channel = channel
        self.logger = logger
    }

    public func deliver(_ message: ReminderMessage) async -> DeliveryOutcome {
        logger.info("reminder delivered to log (no webhook configured)", [
            "channel": channel.rawValue, "customer": message.customerID, "rule": message.ruleID,
            "bill": message.billID, "language": message.language, "delivery": String(message.deliveryID),
        ])
        return .logged
    }
}
