import Foundation
import PayAssistCore

/// Why a checkout link or payment was refused.
public enum CheckoutError: CodedError, Equatable {
    case invalidLink
    case linkExpired
    case linkUsed
    case invalidAmount
    case invalidCard(String)
    case paymentInProgress
    /// The customer paid this account through another link within the repeat window.
    case recentlyPaid(amount: Money, at: Date)

    public var code: String {
        switch self {
        case .invalidLink: return "checkout_link_invalid"
        case .linkExpired: return "checkout_link_expired"
        case .linkUsed: return "checkout_link_used"
        case .invalidAmount: return "invalid_amount"
        case .invalidCard: return "invalid_card"
        case .paymentInProgress: return "payment_in_progress"
        case .recentlyPaid: return "recently_paid"
        }
    }

    public var message: String { localizedMessage(in: .en) }

    public var kind: ErrorKind {
        switch self {
        case .invalidLink: return .forbidden
        case .linkExpired, .linkUsed: return .gone
        case .invalidAmount, .invalidCard: return .invalidInput
        case .paymentInProgress, .recentlyPaid: return .conflict
        }
    }
}

extension CheckoutError {
    public func localizedMessage(in language: Language) -> String {
        switch (self, language.isChinese) {
        case (.invalidLink, true): return "付款链接无效，可能被修改过。请回到对话重新获取链接。"
        case (.invalidLink, false): return "This payment link is not valid (it may have been altered). Ask the assistant for a new link."
        case (.linkExpired, true): return "付款链接已过期，请回到对话重新获取链接。"
        case (.linkExpired, false): return "This payment link has expired. Ask the assistant for a new link."
        case (.linkUsed, true): return "这个付款链接已经用过了，不能重复付款。"
        case (.linkUsed, false): return "This payment link was already used; it cannot pay twice."
        case (.invalidAmount, true): return "请输入大于零、不超过上限的人民币金额。"
        case (.invalidAmount, false): return "Enter an amount in yuan above zero and within the limit."
        case (.invalidCard(let detail), _): return detail
        case (.paymentInProgress, true): return "这笔付款正在处理中，请稍后刷新页面。"
        case (.paymentInProgress, false): return "This payment is being processed; refresh the page in a moment."
        case (.recentlyPaid(let amount, _), true): return "这个户号几分钟前刚缴过 \(amount.decimalString) 元，为避免重复扣款，本次不再付款。"
        case (.recentlyPaid(let amount, _), false): return "This account was paid \(amount.decimalString) yuan minutes ago; to avoid paying twice, this link will not charge."
        }
    }
}
