import Billing
import Foundation
import PayAssistCore

/// A subject in compact form (interned zone, tags and districts): a million of them fit in a few
/// hundred megabytes.
struct SubjectRecord {
    let customerID: String
    let name: String
    let language: Language
    let zone: Int32
    let tagMask: UInt64
    var bills: [BillRecord]
}

/// A bill in compact form.
struct BillRecord {
    let billID: String
    let accountNumber: String
    let period: String
    let district: Int32
    let currency: Int32
    let issuedDay: Int32
    let dueDay: Int32
    var outstandingMinor: Int64

    var isPaid: Bool { outstandingMinor <= 0 }
}

/// A rule prepared for fast matching against compact subjects.
struct CompiledRule {
    let rule: ReminderRule
    let tagMask: UInt64
    let requiresTags: Bool
    let languages: Set<Language>
    let districts: Set<Int32>
    let requiresDistrict: Bool
    let wantsUnpaid: Bool
    let wantsOverdue: Bool
    let zone: Int32?
    let templates: [Language: ReminderTemplate]
    let effectiveFrom: Int64
    /// Days relative to the bill: issue day offset is handled separately.
    let trigger: ReminderTrigger
}

/// A planned reminder in compact form: indices into the rule set and the subject's bills.
struct PlannedOccurrence {
    let rule: Int
    let bill: Int
    let day: Int32
    var fireAt: Int64
}

/// The planning state shared by the scheduler and previews: interned values, compiled rules,
/// preferences and the local-time cache. Pure given its inputs; not thread-safe (one owner).
final class PlanningCore {
    let settings: ReminderSettings
    let cache = LocalTimeCache()
    private(set) var rules: [CompiledRule] = []
    private(set) var personal: CompiledRule!
    var preferences: [String: ReminderPreference] = [:]

    private var tagBits: [String: Int] = [:]
    private var districtIndex: [String: Int32] = [:]
    private(set) var districts: [String] = []
    private var currencyIndex: [String: Int32] = [:]
    private(set) var currencies: [Currency] = []

    init(settings: ReminderSettings) {
        self.settings = settings
        personal = compile(settings.personalRule)
    }

    // MARK: Interning

    private func tagMask(_ tags: [String]) -> UInt64 {
        var mask: UInt64 = 0
        for tag in tags {
            let bit: Int
            if let known = tagBits[tag] { bit = known } else {
                bit = min(tagBits.count, 63)   // more than 63 distinct tags share the last bit (over-matches, never under-matches)
                tagBits[tag] = bit
            }
            mask |= 1 << UInt64(bit)
        }
        return mask
    }

    private func district(_ name: String) -> Int32 {
        if let index = districtIndex[name] { return index }
        districts.append(name)
        districtIndex[name] = Int32(districts.count - 1)
        return Int32(districts.count - 1)
    }

    private func currency(_ currency: Currency) -> Int32 {
        if let index = currencyIndex[currency.code] { return index }
        currencies.append(currency)
        currencyIndex[currency.code] = Int32(currencies.count - 1)
        return Int32(currencies.count - 1)
    }

    func record(_ subject: ReminderSubject) -> SubjectRecord {
        let zone = Int32(cache.zone(subject.timeZone, fallback: settings.fallbackTimeZone))
        let bills = subject.bills.map { bill in
            BillRecord(billID: bill.billID, accountNumber: bill.accountNumber, period: bill.period, district: district(bill.district),
                       currency: currency(bill.outstanding.currency), issuedDay: CivilDay.number(bill.issuedOn),
                       dueDay: CivilDay.number(bill.dueDate), outstandingMinor: bill.outstanding.minorUnits)
        }
        return SubjectRecord(customerID: subject.customerID, name: subject.name, language: subject.language, zone: zone,
                             tagMask: tagMask(subject.tags), bills: bills)
    }

    // MARK: Rules

    func compile(_ rule: ReminderRule) -> CompiledRule {
        var templates: [Language: ReminderTemplate] = [:]
        for language in rule.templates.keys { templates[language] = rule.template(for: language) }
        return CompiledRule(rule: rule, tagMask: tagMask(rule.audience.tags), requiresTags: !rule.audience.tags.isEmpty,
                            languages: Set(rule.audience.languages), districts: Set(rule.audience.districts.map(district)),
                            requiresDistrict: !rule.audience.districts.isEmpty,
                            wantsUnpaid: rule.audience.accountStates.contains(.unpaid), wantsOverdue: rule.audience.accountStates.contains(.overdue),
                            zone: rule.timeZone.map { Int32(cache.zone($0, fallback: settings.fallbackTimeZone)) },
                            templates: templates, effectiveFrom: Int64(rule.updatedAt.timeIntervalSince1970.rounded(.down)),
                            trigger: rule.trigger)
    }

    /// Replaces the rule set (paused rules are kept out).
    func setRules(_ newRules: [ReminderRule]) {
        rules = newRules.filter { !$0.paused }.sorted { ($0.priority, $1.id) > ($1.priority, $0.id) }.map(compile)
    }

    func rule(at index: Int) -> CompiledRule { index < 0 ? personal : rules[index] }

    private func matchesCustomer(_ rule: CompiledRule, _ subject: SubjectRecord) -> Bool {
        if rule.requiresTags && rule.tagMask & subject.tagMask == 0 { return false }
        if !rule.languages.isEmpty && !rule.languages.contains(subject.language) { return false }
        return true
    }

    /// True when a customer-level rule criterion matches (used to find the audience's languages).
    func audienceMatches(_ rule: CompiledRule, _ subject: SubjectRecord) -> Bool {
        guard matchesCustomer(rule, subject) else { return false }
        if !rule.requiresDistrict { return true }
        return subject.bills.contains { rule.districts.contains($0.district) }
    }

    // MARK: Planning

    /// Every reminder the rules call for, for trigger days from `fromDay` on, after settling
    /// overlaps (one rule per bill and day, the highest priority) and the daily limit, sorted by
    /// fire instant. `only` restricts the candidate rules (for previews of one rule).
    func plan(_ subject: SubjectRecord, fromDay: Int32, onlyRule: Int? = nil) -> [PlannedOccurrence] {
        let preference = preferences[subject.customerID]
        if preference?.enabled == false { return [] }
        var applicable: [Int] = []
        for index in rules.indices where matchesCustomer(rules[index], subject) { applicable.append(index) }
        if applicable.isEmpty {
            guard preference?.enabled == true else { return [] }
            applicable = [-1]
        }
        var candidates: [PlannedOccurrence] = []
        for (billIndex, bill) in subject.bills.enumerated() {
            for ruleIndex in applicable {
                let rule = self.rule(at: ruleIndex)
                if rule.rule.stopWhenPaid && bill.isPaid { continue }
                if rule.requiresDistrict && !rule.districts.contains(bill.district) { continue }
                for day in rule.trigger.days(issuedDay: bill.issuedDay, dueDay: bill.dueDay) where day >= fromDay {
                    if rule.wantsUnpaid || rule.wantsOverdue {
                        let unpaid = !bill.isPaid
                        let ok = (rule.wantsUnpaid && unpaid) || (rule.wantsOverdue && unpaid && day > bill.dueDay)
                        if !ok { continue }
                    }
                    candidates.append(PlannedOccurrence(rule: ruleIndex, bill: billIndex, day: day, fireAt: 0))
                }
            }
        }
        if candidates.isEmpty { return [] }
        // Applicable rules are already in priority order, so a stable sort by day keeps it within a day.
        candidates.sort { $0.day != $1.day ? $0.day < $1.day : ($0.rule != $1.rule ? order($0.rule) < order($1.rule) : $0.bill < $1.bill) }
        var winners: [PlannedOccurrence] = []
        var index = 0
        while index < candidates.count {
            let day = candidates[index].day
            var billsTaken: [Int] = []
            while index < candidates.count && candidates[index].day == day {
                var candidate = candidates[index]
                index += 1
                if billsTaken.contains(candidate.bill) || billsTaken.count >= settings.maxPerCustomerPerDay { continue }
                billsTaken.append(candidate.bill)
                if let only = onlyRule, candidate.rule != only { continue }
                candidate.fireAt = fireInstant(rule: self.rule(at: candidate.rule), subject: subject, day: day, preference: preference)
                winners.append(candidate)
            }
        }
        winners.sort { $0.fireAt < $1.fireAt }
        return winners
    }

    /// Sort position of a rule index: personal (-1) last.
    private func order(_ rule: Int) -> Int { rule < 0 ? Int.max : rule }

    /// The instant a reminder of `rule` for trigger day `day` fires for this subject: the
    /// customer's preferred time or the rule's, moved out of quiet hours, in the rule's zone or the customer's.
    func fireInstant(rule: CompiledRule, subject: SubjectRecord, day: Int32, preference: ReminderPreference?) -> Int64 {
        let wanted = preference?.preferredTime ?? rule.rule.localTime
        let (offset, time) = rule.rule.quietHours?.shift(wanted) ?? (0, wanted)
        return cache.instant(zone: Int(rule.zone ?? subject.zone), day: day + Int32(offset), minuteOfDay: time.minuteOfDay)
    }

    /// True when a planned reminder may fire at all: changes to its rule or the customer's
    /// preference apply only to reminders due after the change.
    func isEffective(_ occurrence: PlannedOccurrence, subject: SubjectRecord) -> Bool {
        if occurrence.fireAt < rule(at: occurrence.rule).effectiveFrom { return false }
        if let preference = preferences[subject.customerID], occurrence.fireAt < Int64(preference.updatedAt.timeIntervalSince1970.rounded(.down)) { return false }
        return true
    }

    /// The earliest day that can hold a reminder firing after `seconds` (two days of slack cover
    /// every zone offset and a quiet-hours shift).
    func firstCandidateDay(after seconds: Int64) -> Int32 { Int32(CivilDay.floorDiv(seconds, 86_400)) - 2 }

    /// The next instant strictly after `after` at which this subject has a reminder, or nil.
    func nextFire(_ subject: SubjectRecord, after: Int64) -> Int64? {
        for occurrence in plan(subject, fromDay: firstCandidateDay(after: after)) where occurrence.fireAt > after && isEffective(occurrence, subject: subject) {
            return occurrence.fireAt
        }
        return nil
    }

    /// The reminders this subject has exactly at `instant`.
    func occurrences(_ subject: SubjectRecord, at instant: Int64) -> [PlannedOccurrence] {
        plan(subject, fromDay: firstCandidateDay(after: instant - 1)).filter { $0.fireAt == instant && isEffective($0, subject: subject) }
    }

    /// The public form of a planned reminder.
    func publicOccurrence(_ occurrence: PlannedOccurrence, subject: SubjectRecord) -> ReminderOccurrence {
        let rule = self.rule(at: occurrence.rule)
        let bill = subject.bills[occurrence.bill]
        let preference = preferences[subject.customerID]
        return ReminderOccurrence(customerID: subject.customerID, ruleID: rule.rule.id, billID: bill.billID, accountNumber: bill.accountNumber,
                                  localDate: CivilDay.date(occurrence.day), fireAt: Date(timeIntervalSince1970: Double(occurrence.fireAt)),
                                  channel: preference?.channel ?? rule.rule.channel, language: subject.language)
    }
}
