/// An electricity account at the utility: a 10-digit number, its holder and the supply address.
public struct ElectricityAccount: Sendable, Codable, Equatable {
    /// The 10-digit account number ("1002345678").
    public let number: String
    /// The account holder's name, as printed on bills.
    public let holderName: String
    /// The supply address.
    public let address: String
    /// The district of the address (operators target reminders by it).
    public let district: String

    public init(number: String, holderName: String, address: String, district: String) {
        self.number = number
        self.holderName = holderName
        self.address = address
        self.district = district
    }

    /// The holder's name masked for read-back: first and last character kept ("张建华" -> "张*华",
    /// "David Zhang" -> "D*********g", two characters -> "张*").
    public var maskedHolderName: String {
        let characters = Array(holderName)
        switch characters.count {
        case 0: return ""
        case 1: return String(characters)
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }

    /// True for a syntactically valid account number: exactly 10 ASCII digits.
    public static func isValidNumber(_ text: String) -> Bool {
        text.utf8.count == 10 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    enum CodingKeys: String, CodingKey {
        case number, address, district
        case holderName = "holder_name"
    }
}
