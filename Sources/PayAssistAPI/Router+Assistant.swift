import Assistant
import Foundation
import HTTPServer
import PayAssistCore

/// JSON body of `POST /v1/assist`.
struct AssistRequestBody: Decodable {
    struct HypothesisBody: Decodable {
        let text: String
        let confidence: Double?
    }

    let sessionID: String?
    let text: String?
    let hypotheses: [HypothesisBody]?
    let lang: String?

    enum CodingKeys: String, CodingKey {
        case text, hypotheses, lang
        case sessionID = "session_id"
    }
}

extension Router {
    /// Adds the assistant routes:
    /// - `POST /v1/assist` (roles voice, chat; customer in `X-Customer-Id`): one turn of a conversation;
    /// - `GET /v1/reports/conversations` (role operator): the stratified service-quality sample.
    ///
    /// The channel is the caller's role (an admin key is treated as chat).
    public func registerAssistantRoutes(context: APIContext, assistant: Assistant) {
        post("/v1/assist") { request in
            let caller = try context.authenticator.authorize(request, roles: [.voice, .chat])
            let customer = try caller.requireCustomer()
            let body = try request.decodeJSON(AssistRequestBody.self)
            var language: Language?
            if let tag = body.lang {
                let supported = assistant.recognizer.languages
                guard let parsed = Language(tag: tag, among: supported) else { throw APIError.invalidParameter("lang", "use one of \(supported.map(\.rawValue).joined(separator: ", "))") }
                language = parsed
            }
            let turn = AssistantTurn(customerID: customer.id, channel: caller.role == .voice ? .voice : .chat, sessionID: body.sessionID,
                                     text: body.text, hypotheses: (body.hypotheses ?? []).map { TranscriptHypothesis(text: $0.text, confidence: $0.confidence) },
                                     language: language)
            return .json(try await assistant.handle(turn))
        }

        get("/v1/reports/conversations") { request in
            _ = try context.authenticator.authorize(request, roles: [.operator])
            var since: Date?
            if let text = request.query["since"] {
                guard let parsed = (try? Date.ISO8601FormatStyle().parse(text)) ?? Double(text).map(Date.init(timeIntervalSince1970:)) else {
                    throw APIError.invalidParameter("since", "an ISO 8601 instant or Unix seconds")
                }
                since = parsed
            }
            func bounded(_ name: String, default value: Int) throws -> Int {
                guard let text = request.query[name] else { return value }
                guard let number = Int(text), (1...100).contains(number) else { throw APIError.invalidParameter(name, "a whole number from 1 to 100") }
                return number
            }
            let report = try assistant.turns.report(since: since, perStratum: try bounded("per_stratum", default: 5), topPhrasings: try bounded("top", default: 10))
            return .json(report)
        }
    }
}
