import Foundation
import PayAssistCore
@testable import PaymentGateway
import Testing

@Suite struct LocalizationTests {
    static let declineCodes = ["card_declined", "generic_decline", "insufficient_funds", "expired_card", "incorrect_cvc", "lost_card",
                               "stolen_card", "transaction_not_allowed", "processing_error", "authentication_failed"]

    @Test func everyErrorAndDeclineHasAMessageInEveryLanguage() {
        let codes = GatewayError.allCases.map(\.code) + LocalizationTests.declineCodes
            + ["missing_api_key", "invalid_api_key", "injected_fault", "gateway_timeout", "gateway_unavailable", "gateway_invalid_response",
               "unsupported_media_type", "empty_body", "invalid_encoding", "invalid_json", "json_too_deep"]
        for code in codes {
            let row = GatewayMessages.table[code]
            #expect(row?.count == Language.allCases.count, "\(code)")
            #expect(Set(row ?? []).count >= 7, "\(code) looks untranslated")
            for language in Language.allCases {
                #expect(!GatewayMessages.text(for: code, in: language).isEmpty)
            }
        }
    }

    @Test func chineseScriptsDifferAndEnglishIsEnglish() {
        #expect(GatewayError.cardExpired.localizedMessage(in: .zhHans) == "该卡已过期。")
        #expect(GatewayError.cardExpired.localizedMessage(in: .zhHant) == "該卡已過期。")
        #expect(GatewayError.cardExpired.message == "The card has expired.")
    }

    @Test(arguments: Language.allCases)
    func declineMessageFollowsTheLanguageButTheCodeDoesNot(language: Language) async throws {
        let engine = try GatewayTestSupport.engine()
        let payment = try await engine.createPayment(GatewayTestSupport.payment("4000000000009995"), idempotencyKey: "k", language: language)
        #expect(payment.failure?.code == "card_declined")
        #expect(payment.failure?.declineCode == "insufficient_funds")
        #expect(payment.failure?.message == GatewayMessages.text(for: "insufficient_funds", in: language))
    }
}
