import Foundation
import PayAssistCore

/// Pure next-fire computation: given rules, preferences and a subject, which reminders fall when.
/// The scheduler uses the same code on its queue; tests and previews use this wrapper.
///
/// Not thread-safe (it memoizes resolved local times); make one per thread.
public final class ReminderPlanner {
    let core: PlanningCore

    /// A planner over a rule set (paused rules are ignored) and customers' preferences.
    public init(rules: [ReminderRule], preferences: [ReminderPreference] = [], settings: ReminderSettings = ReminderSettings()) {
        core = PlanningCore(settings: settings)
        core.setRules(rules)
        for preference in preferences { core.preferences[preference.customerID] = preference }
    }

    /// The instant of the subject's next reminder strictly after `after`, or nil when none is due.
    public func nextFireDate(for subject: ReminderSubject, after: Date) -> Date? {
        let record = core.record(subject)
        return core.nextFire(record, after: ReminderPlanner.seconds(after)).map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// Every reminder of the subject firing in `(after, through]`, in time order.
    public func occurrences(for subject: ReminderSubject, after: Date, through: Date) -> [ReminderOccurrence] {
        let record = core.record(subject)
        let lower = ReminderPlanner.seconds(after)
        let upper = ReminderPlanner.seconds(through)
        return core.plan(record, fromDay: core.firstCandidateDay(after: lower))
            .filter { $0.fireAt > lower && $0.fireAt <= upper && core.isEffective($0, subject: record) }
            .map { core.publicOccurrence($0, subject: record) }
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}
