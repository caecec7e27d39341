import Billing
import HTTPServer
import PayAssistCore

/// JSON shape of a customer.
struct CustomerBody: Encodable {
    let id: String
    let name: String
    let phone: String
    let language: String
    let timeZone: String
    let country: String
    let tags: [String]
    let accounts: [AccountSummaryBody]

    enum CodingKeys: String, CodingKey {
        case id, name, phone, language, country, tags, accounts
        case timeZone = "time_zone"
    }
}

/// JSON shape of an account as listed for a customer.
struct AccountSummaryBody: Encodable {
    let number: String
    let holderName: String
    let district: String

    enum CodingKeys: String, CodingKey {
        case number, district
        case holderName = "holder_name"
    }
}

/// JSON shape of a bill.
struct BillBody: Encodable {
    let id: String
    let period: String
    let kWh: Int
    let amount: AmountBody
    let paid: AmountBody
    let outstanding: AmountBody
    let issuedOn: String
    let dueDate: String
    let status: String
    let tiers: [TierCharge]

    enum CodingKeys: String, CodingKey {
        case id, period, amount, paid, outstanding, status, tiers
        case kWh = "kwh"
        case issuedOn = "issued_on"
        case dueDate = "due_date"
    }

    init(_ bill: Bill, today: LocalDate) {
        id = bill.id
        period = bill.period.description
        kWh = bill.kWh
        amount = AmountBody(bill.amount)
        paid = AmountBody(bill.paidAmount)
        outstanding = AmountBody(bill.outstanding)
        issuedOn = bill.issuedOn.description
        dueDate = bill.dueDate.description
        status = bill.isPaid ? "paid" : (bill.isOverdue(on: today) ? "overdue" : "unpaid")
        tiers = bill.tiers
    }
}

/// JSON shape of an account's bills.
struct BillsBody: Encodable {
    let account: AccountSummaryBody
    let amountDue: AmountBody
    let bills: [BillBody]

    enum CodingKeys: String, CodingKey {
        case account, bills
        case amountDue = "amount_due"
    }
}

extension Router {
    /// Adds the customer and account routes:
    /// `GET /v1/customers/:id` and `GET /v1/accounts/:number/bills`.
    ///
    /// A channel key reads only its own customer and accounts that customer is linked to;
    /// operator and admin keys read any.
    public func registerAccountRoutes(context: APIContext) {
        get("/v1/customers/:id") { request in
            let caller = try context.authenticator.authorize(request, roles: [.voice, .chat, .operator])
            let id = request.parameter("id") ?? ""
            if caller.role.isChannel, caller.customer?.id != id { throw APIError.roleNotAllowed(caller.role) }
            guard let customer = try context.billing.customer(id: id) else { throw BillingError.customerNotFound(String(id.prefix(64))) }
            let accounts = try context.billing.linkedAccounts(customerID: id).map {
                AccountSummaryBody(number: $0.number, holderName: $0.holderName, district: $0.district)
            }
            return .json(CustomerBody(id: customer.id, name: customer.name, phone: customer.phone, language: customer.language.rawValue,
                                      timeZone: customer.timeZone, country: customer.country, tags: customer.tags, accounts: accounts))
        }

        get("/v1/accounts/:number/bills") { request in
            let caller = try context.authenticator.authorize(request, roles: [.voice, .chat, .operator])
            let number = request.parameter("number") ?? ""
            guard ElectricityAccount.isValidNumber(number) else { throw BillingError.invalidAccountNumber(number) }
            if caller.role.isChannel {
                let customer = try caller.requireCustomer()
                guard try context.billing.isLinked(customerID: customer.id, accountNumber: number) else { throw APIError.notLinkedToAccount }
            }
            guard let account = try context.billing.account(number: number) else { throw BillingError.accountNotFound(number) }
            let today = LocalDate(context.clock.now(), in: DemoFixtures.utilityTimeZone)
            let bills = try context.billing.bills(accountNumber: number).map { BillBody($0, today: today) }
            return .json(BillsBody(account: AccountSummaryBody(number: account.number, holderName: account.holderName, district: account.district),
                                   amountDue: AmountBody(try context.billing.amountDue(accountNumber: number)), bills: bills))
        }
    }
}
