import Foundation
import HTTPServer
import PayAssistCore
import Testing
@testable import Assistant

@Suite struct AssistRouteTests {
    @Test func aVoiceTurnAnswersInTheDocumentedShape() async throws {
        let routed = try await RoutedWorld()
        let (status, body) = try await routed.assist(RoutedWorld.voiceKey, "c001", ["text": "pay_bill amount=100"])
        #expect(status == 200)
        #expect((body["session_id"] as? String)?.hasPrefix("ses_") == true)
        #expect(body["turn"] as? Int == 1)
        #expect((body["intent"] as? [String: Any])?["name"] as? String == "pay_bill")
        #expect(body["lang"] as? String == "zh-Hans")
        #expect(((body["slots"] as? [String: Any])?["amount"] as? [String: Any])?["amount"] as? Int == 10_000)
        #expect(((body["reply"] as? [String: Any])?["ssml"] as? String)?.hasPrefix("<speak") == true)
        #expect(body["awaiting"] as? String == "confirmation")
        #expect(body.keys.contains("actions"))
    }

    @Test func aChatTurnHasNoSSMLAndOffersQuickReplies() async throws {
        let routed = try await RoutedWorld()
        let (status, body) = try await routed.assist(RoutedWorld.chatKey, "c045", ["text": "pay_bill"])
        #expect(status == 200)
        #expect((body["reply"] as? [String: Any])?["ssml"] == nil)
        let actions = body["actions"] as? [[String: Any]] ?? []
        #expect(actions.first?["type"] as? String == "quick_replies")
        #expect(body["awaiting"] as? String == "account")
    }

    @Test func awaitingIsNullWhenNothingIsPending() async throws {
        let routed = try await RoutedWorld()
        let result = try await routed.send(.post, "/v1/assist", key: RoutedWorld.chatKey, customer: "c045", json: ["text": "help"])
        #expect(result.text.contains("\"awaiting\":null"))
    }

    @Test func theSessionContinuesWithItsID() async throws {
        let routed = try await RoutedWorld()
        let first = try await routed.assist(RoutedWorld.voiceKey, "c001", ["text": "pay_bill amount=100"])
        let second = try await routed.assist(RoutedWorld.voiceKey, "c001", ["text": "confirm", "session_id": first.body["session_id"]!])
        #expect(second.body["turn"] as? Int == 2)
        let actions = second.body["actions"] as? [[String: Any]] ?? []
        #expect(actions.first?["type"] as? String == "payment")
        #expect(actions.first?["status"] as? String == "succeeded")
    }

    @Test func badRequestsGetClearCodedErrors() async throws {
        let routed = try await RoutedWorld()
        let cases: [(String?, String?, [String: Any], Int, String)] = [
            (nil, "c001", ["text": "help"], 401, "missing_api_key"),
            (RoutedWorld.operatorKey, "c001", ["text": "help"], 403, "role_not_allowed"),
            (RoutedWorld.voiceKey, nil, ["text": "help"], 400, "missing_customer_id"),
            (RoutedWorld.voiceKey, "c999", ["text": "help"], 404, "customer_not_found"),
            (RoutedWorld.voiceKey, "c001", [:], 400, "empty_turn"),
            (RoutedWorld.voiceKey, "c001", ["text": "help", "session_id": "ses_nope"], 404, "session_not_found"),
            (RoutedWorld.voiceKey, "c001", ["text": "help", "lang": "xx"], 400, "invalid_parameter"),
            (RoutedWorld.voiceKey, "c001", ["hypotheses": [["text": "help", "confidence": 2]]], 400, "invalid_hypotheses"),
        ]
        for (key, customer, json, status, code) in cases {
            let result = try await routed.send(.post, "/v1/assist", key: key, customer: customer, json: json)
            #expect(result.status == status, "\(code)")
            #expect((result.body["error"] as? [String: Any])?["code"] as? String == code)
        }
    }

    @Test func anExpiredSessionIsGone() async throws {
        let routed = try await RoutedWorld()
        let first = try await routed.assist(RoutedWorld.voiceKey, "c001", ["text": "help"])
        routed.world.clock.advance(by: 3600)
        let result = try await routed.send(.post, "/v1/assist", key: RoutedWorld.voiceKey, customer: "c001",
                                           json: ["text": "help", "session_id": first.body["session_id"]!], language: "zh-CN")
        #expect(result.status == 410)
        #expect((result.body["error"] as? [String: Any])?["code"] as? String == "session_expired")
        #expect(((result.body["error"] as? [String: Any])?["message"] as? String)?.contains("会话") == true)
    }

    @Test func operatorsReadTheConversationReport() async throws {
        let routed = try await RoutedWorld()
        _ = try await routed.assist(RoutedWorld.voiceKey, "c001", ["text": "help?"])
        _ = try await routed.assist(RoutedWorld.chatKey, "c045", ["text": "query_bill"])
        let result = try await routed.send(.get, "/v1/reports/conversations?per_stratum=2", key: RoutedWorld.operatorKey)
        #expect(result.status == 200)
        #expect(result.body["total_turns"] as? Int == 2)
        #expect((result.body["strata"] as? [[String: Any]])?.count == 2)
        #expect(((result.body["not_understood"] as? [[String: Any]])?.first)?["text"] as? String == "help?")
        let channel = try await routed.send(.get, "/v1/reports/conversations", key: RoutedWorld.chatKey, customer: "c045")
        #expect(channel.status == 403)
        let bad = try await routed.send(.get, "/v1/reports/conversations?per_stratum=0", key: RoutedWorld.operatorKey)
        #expect(bad.status == 400)
    }
}
