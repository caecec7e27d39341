import Billing
import Foundation
import PayAssistCore
import Synchronization

/// Generated customers for the simulation and the benchmark: subject `i` is computed from `i`
/// on demand, so a million of them cost no memory outside the scheduler. Paying a bill is
/// remembered here and seen by the next read, as a payment in the billing store would be.
public final class SyntheticSubjectSource: ReminderSubjectSource {
    /// Who customer `i` is.
    public struct Profile: Sendable {
        public let timeZone: String
        public let language: Language
        public let tags: [String]

        public init(timeZone: String, language: Language, tags: [String]) {
            self.timeZone = timeZone
            self.language = language
            self.tags = tags
        }
    }

    /// Number of customers ("c0" ... "c<count-1>").
    public let count: Int
    private let profile: @Sendable (Int) -> Profile
    private let dueDates: @Sendable (Int) -> [LocalDate]
    private let paid = Mutex<Set<String>>([])

    /// - Parameters:
    ///   - profile: the zone, language and tags of customer `i`.
    ///   - dueDates: the due dates of customer `i`'s bills (each issued 25 days before).
    public init(count: Int, profile: @escaping @Sendable (Int) -> Profile, dueDates: @escaping @Sendable (Int) -> [LocalDate]) {
        self.count = count
        self.profile = profile
        self.dueDates = dueDates
    }

    /// The id of customer `i`.
    public static func customerID(_ index: Int) -> String { "c\(index)" }

    /// The account number of customer `i` (10 digits).
    public static func accountNumber(_ index: Int) -> String {
        let digits = String(index)
        return "1" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// The bills of customer `i` as generated (before payments).
    public func bills(of index: Int) -> [ReminderBill] {
        dueDates(index).map { due in
            let issued = CivilDay.date(CivilDay.number(due) - 25)
            let period = YearMonth(issued).adding(months: -1)
            let amount = Money(minorUnits: 5_000 + Int64((index &* 7_919) % 30_000), currency: .cny)
            return ReminderBill(billID: "b\(index)-\(period.year)\(period.month < 10 ? "0" : "")\(period.month)",
                                accountNumber: SyntheticSubjectSource.accountNumber(index), district: "D\(index % 16)",
                                period: period.description, outstanding: amount, issuedOn: issued, dueDate: due)
        }
    }

    /// Subject `i` as it stands now (paid bills owe nothing).
    public func subject(_ index: Int) -> ReminderSubject {
        let who = profile(index)
        let paidNow = paid.withLock { $0 }
        let bills = self.bills(of: index).map { bill in
            paidNow.contains(bill.billID)
                ? ReminderBill(billID: bill.billID, accountNumber: bill.accountNumber, district: bill.district, period: bill.period,
                               outstanding: .zero(bill.outstanding.currency), issuedOn: bill.issuedOn, dueDate: bill.dueDate)
                : bill
        }
        return ReminderSubject(customerID: SyntheticSubjectSource.customerID(index), name: "客户\(index)", language: who.language,
                               timeZone: who.timeZone, tags: who.tags, bills: bills)
    }

    /// Records a payment of a bill; returns the customer to re-plan.
    public func pay(billID: String, customer index: Int) -> String {
        paid.withLock { _ = $0.insert(billID) }
        return SyntheticSubjectSource.customerID(index)
    }

    public func forEachSubject(_ body: (ReminderSubject) throws -> Void) throws {
        for index in 0..<count { try body(subject(index)) }
    }

    public func subjects(customerIDs: [String]) throws -> [ReminderSubject] {
        customerIDs.compactMap { id in
            guard id.hasPrefix("c"), let index = Int(id.dropFirst()), (0..<count).contains(index) else { return nil }
            return subject(index)
        }
    }

    public func customerIDs(linkedToAccount accountNumber: String) throws -> [String] {
        guard accountNumber.count == 10, let index = Int(accountNumber.dropFirst()), (0..<count).contains(index) else { return [] }
        return [SyntheticSubjectSource.customerID(index)]
    }
}
