/// Says that a customer may act for an account: the owner, or family (a son in Toronto linked to
/// his parents' account in Beijing). Reading bills needs a link; paying does not.
public struct AccountLink: Sendable, Codable, Equatable {
    /// How the customer relates to the account.
    public enum Relation: String, Sendable, Codable {
        case owner
        case family
    }

    public let customerID: String
    public let accountNumber: String
    public let relation: Relation

    public init(customerID: String, accountNumber: String, relation: Relation) {
        self.customerID = customerID
        self.accountNumber = accountNumber
        self.relation = relation
    }

    enum CodingKeys: String, CodingKey {
        case relation
        case customerID = "customer_id"
        case accountNumber = "account_number"
    }
}
