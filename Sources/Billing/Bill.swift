import PayAssistCore

/// One month's electricity bill for an account.
public struct Bill: Sendable, Codable, Equatable {
    /// Stable id ("1002345678-2026-10").
    public let id: String
    public let accountNumber: String
    /// The month the electricity was used in.
    public let period: YearMonth
    /// Energy used in the period, in kWh.
    public let kWh: Int
    /// The amount billed (CNY, minor units inside `Money`).
    public let amount: Money
    /// The amount paid so far against this bill.
    public let paidAmount: Money
    /// The day the bill was issued (utility's local date).
    public let issuedOn: LocalDate
    /// The last day to pay without being overdue (utility's local date).
    public let dueDate: LocalDate
    /// How the amount splits over the tariff tiers.
    public let tiers: [TierCharge]

    public init(id: String, accountNumber: String, period: YearMonth, kWh: Int, amount: Money, paidAmount: Money, issuedOn: LocalDate, dueDate: LocalDate, tiers: [TierCharge]) {
        self.id = id
        self.accountNumber = accountNumber
        self.period = period
        self.kWh = kWh
        self.amount = amount
        self.paidAmount = paidAmount
        self.issuedOn = issuedOn
        self.dueDate = dueDate
        self.tiers = tiers
    }

    /// What is still owed on this bill.
    public var outstanding: Money { amount - paidAmount }

    /// True when nothing is owed any more.
    public var isPaid: Bool { outstanding.minorUnits <= 0 }

    /// True when unpaid after its due date, seen on `today` (utility's local date).
    public func isOverdue(on today: LocalDate) -> Bool { !isPaid && today > dueDate }

    enum CodingKeys: String, CodingKey {
        case id, period, amount, tiers
        case accountNumber = "account_number"
        case kWh = "kwh"
        case paidAmount = "paid_amount"
        case issuedOn = "issued_on"
        case dueDate = "due_date"
    }
}

/// The part of a bill charged at one tariff tier.
public struct TierCharge: Sendable, Codable, Equatable {
    /// Tier number, 1 first.
    public let tier: Int
    /// kWh charged at this tier.
    public let kWh: Int
    /// Price per kWh as a decimal string in yuan ("0.4883").
    public let pricePerKWh: String
    /// kWh × price, in fen.
    public let amount: Money

    public init(tier: Int, kWh: Int, pricePerKWh: String, amount: Money) {
        self.tier = tier
        self.kWh = kWh
        self.pricePerKWh = pricePerKWh
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case tier, amount
        case kWh = "kwh"
        case pricePerKWh = "price_per_kwh"
    }
}
