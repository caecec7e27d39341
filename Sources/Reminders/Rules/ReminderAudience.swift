import PayAssistCore

/// Whom a rule reminds: everyone, or customers matching every given criterion (within one
/// criterion any listed value matches). Districts and account states are judged per bill.
public struct ReminderAudience: Sendable, Equatable, Codable {
    /// True to target every customer (other criteria still narrow it when given).
    public let all: Bool
    /// Customer tags ("elderly", "overseas"); any of them.
    public let tags: [String]
    /// Customer languages; any of them.
    public let languages: [Language]
    /// Districts of the bill's account; any of them.
    public let districts: [String]
    /// Bill states on the reminder's day; any of them.
    public let accountStates: [AccountState]

    public init(all: Bool = false, tags: [String] = [], languages: [Language] = [], districts: [String] = [], accountStates: [AccountState] = []) {
        self.all = all
        self.tags = tags
        self.languages = languages
        self.districts = districts
        self.accountStates = accountStates
    }

    /// True when neither "all" nor any criterion is given: the rule would target nobody.
    public var isEmpty: Bool { !all && tags.isEmpty && languages.isEmpty && districts.isEmpty && accountStates.isEmpty }

    /// True when the customer-level criteria (tags, language) match.
    public func matchesCustomer(tags customerTags: [String], language: Language) -> Bool {
        if !tags.isEmpty && !tags.contains(where: { customerTags.contains($0) }) { return false }
        if !languages.isEmpty && !languages.contains(language) { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case all, tags, languages, districts
        case accountStates = "account_states"
    }
}
