import PayAssistCore

/// Failures of an assistant request that are not a reply: bad sessions and bad input.
public enum AssistantError: CodedError, Equatable {
    case sessionNotFound
    case sessionExpired
    case emptyTurn
    case textTooLong(Int)
    case invalidHypotheses

    public var code: String {
        switch self {
        case .sessionNotFound: return "session_not_found"
        case .sessionExpired: return "session_expired"
        case .emptyTurn: return "empty_turn"
        case .textTooLong: return "text_too_long"
        case .invalidHypotheses: return "invalid_hypotheses"
        }
    }

    public var message: String { localizedMessage(in: .en) }

    public var kind: ErrorKind {
        switch self {
        case .sessionNotFound: return .notFound
        case .sessionExpired: return .gone
        case .emptyTurn, .invalidHypotheses: return .invalidInput
        case .textTooLong: return .tooLarge
        }
    }

    public func localizedMessage(in language: Language) -> String {
        switch (self, language) {
        case (.sessionNotFound, .zhHans): return "找不到这个会话，请不带 session_id 重新开始。"
        case (.sessionNotFound, .zhHant): return "找不到這個會話，請不帶 session_id 重新開始。"
        case (.sessionNotFound, _): return "No such session for this customer; start a new one without session_id."
        case (.sessionExpired, .zhHans): return "会话已超时，请重新开始。"
        case (.sessionExpired, .zhHant): return "會話已逾時，請重新開始。"
        case (.sessionExpired, _): return "The session expired after inactivity; start a new one without session_id."
        case (.emptyTurn, .zhHans): return "请提供 text 或 hypotheses。"
        case (.emptyTurn, _): return "Send `text` or a non-empty `hypotheses` list."
        case (.textTooLong(let limit), _): return "The text is longer than \(limit) characters."
        case (.invalidHypotheses, _): return "Each hypothesis needs non-empty text and a confidence between 0 and 1."
        }
    }
}
