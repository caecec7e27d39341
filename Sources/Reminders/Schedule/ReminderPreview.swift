import Foundation

/// What a rule would send: the total count and the first items in time order.
public struct ReminderPreview: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public let customerID: String
        public let billID: String
        public let accountNumber: String
        public let localDate: String
        public let fireAt: Date
        public let timeZone: String
        public let channel: ReminderChannel
        public let language: String
        public let text: String

        enum CodingKeys: String, CodingKey {
            case channel, language, text
            case customerID = "customer_id"
            case billID = "bill_id"
            case accountNumber = "account_number"
            case localDate = "local_date"
            case fireAt = "fire_at"
            case timeZone = "time_zone"
        }
    }

    public let total: Int
    public let items: [Item]
}
