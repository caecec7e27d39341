import PayAssistCore

/// Why a reminder rule, preference or request was refused: a stable machine code and a message.
public enum ReminderError: CodedError, Equatable {
    case missingName
    case invalidLocalTime(field: String, value: String)
    case unknownTimeZone(String)
    case emptyAudience
    case unknownLanguage(String)
    case unknownChannel(String)
    case unknownAccountState(String)
    case noTrigger
    case invalidTrigger(String)
    case localTimeInQuietHours(String)
    case missingTemplateLanguages([Language])
    case emptyTemplate(Language)
    case invalidTemplate(Language, String)
    case unknownPlaceholder(String, Language)
    case invalidPriority(Int)
    case duplicatePriority(priority: Int, ruleID: String)
    case invalidGraceWindow(Int)
    case ruleNotFound(String)
    case customerNotFound(String)
    case invalidParameter(String, String)

    public var code: String {
        switch self {
        case .missingName: return "missing_name"
        case .invalidLocalTime: return "invalid_local_time"
        case .unknownTimeZone: return "unknown_time_zone"
        case .emptyAudience: return "empty_audience"
        case .unknownLanguage: return "unknown_language"
        case .unknownChannel: return "unknown_channel"
        case .unknownAccountState: return "unknown_account_state"
        case .noTrigger: return "no_trigger"
        case .invalidTrigger: return "invalid_trigger"
        case .localTimeInQuietHours: return "local_time_in_quiet_hours"
        case .missingTemplateLanguages: return "template_language_missing"
        case .emptyTemplate: return "empty_template"
        case .invalidTemplate: return "invalid_template"
        case .unknownPlaceholder: return "unknown_placeholder"
        case .invalidPriority: return "invalid_priority"
        case .duplicatePriority: return "duplicate_priority"
        case .invalidGraceWindow: return "invalid_grace_window"
        case .ruleNotFound: return "reminder_rule_not_found"
        case .customerNotFound: return "customer_not_found"
        case .invalidParameter: return "invalid_parameter"
        }
    }

    public var message: String {
        switch self {
        case .missingName: return "A rule needs a non-empty name (at most 200 characters)."
        case .invalidLocalTime(let field, let value): return "\(field) must be a local time HH:MM between 00:00 and 23:59, got \"\(value.prefix(40))\"."
        case .unknownTimeZone(let zone): return "Unknown IANA time zone \"\(zone.prefix(60))\"."
        case .emptyAudience: return "The audience is empty: set \"all\": true or at least one of tags, languages, districts, account_states."
        case .unknownLanguage(let tag): return "Unknown language \"\(tag.prefix(40))\"; use one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownChannel(let channel): return "Unknown channel \"\(channel.prefix(40))\"; use one of \(ReminderChannel.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownAccountState(let state): return "Unknown account state \"\(state.prefix(40))\"; use unpaid or overdue."
        case .noTrigger: return "The rule never fires: give days_before_due, on_issue_day or overdue_daily_for_days."
        case .invalidTrigger(let why): return "Invalid trigger: \(why)."
        case .localTimeInQuietHours(let time): return "The local time \(time) falls inside the rule's quiet hours."
        case .missingTemplateLanguages(let languages): return "The audience speaks \(languages.map(\.rawValue).joined(separator: ", ")) but the rule has no template in that language."
        case .emptyTemplate(let language): return "The \(language.rawValue) template is empty."
        case .invalidTemplate(let language, let why): return "The \(language.rawValue) template is malformed: \(why)."
        case .unknownPlaceholder(let name, let language): return "The \(language.rawValue) template uses the unknown placeholder {\(name.prefix(40))}; known: \(ReminderTemplate.placeholders.map { "{\($0)}" }.joined(separator: ", "))."
        case .invalidPriority(let value): return "Priority must be between 0 and 1000, got \(value)."
        case .duplicatePriority(let priority, let ruleID): return "Rule \(ruleID) already has priority \(priority); overlapping rules are settled by priority, so each active rule needs its own."
        case .invalidGraceWindow(let minutes): return "grace_minutes must be between 0 and 10080 (one week), got \(minutes)."
        case .ruleNotFound(let id): return "No reminder rule with id \(id.prefix(64))."
        case .customerNotFound(let id): return "No customer with id \(id.prefix(64))."
        case .invalidParameter(let name, let why): return "Parameter \(name) is invalid: \(why)."
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .ruleNotFound, .customerNotFound: return .notFound
        case .duplicatePriority: return .conflict
        default: return .invalidInput
        }
    }
}
