import Assistant
import Foundation
import HTTPServer
import PaymentGateway
import PayAssistCore

/// JSON body of `POST /checkout/:token/quote`.
struct CheckoutQuoteRequestBody: Decodable {
    let amount: String
    let payerCurrency: String

    enum CodingKeys: String, CodingKey {
        case amount
        case payerCurrency = "payer_currency"
    }
}

/// JSON answer of `POST /checkout/:token/quote`.
struct CheckoutQuoteBody: Encodable {
    let quoteID: String
    let payerTotal: AmountBody
    let payerTotalText: String
    let fee: AmountBody
    let feeText: String
    let rate: String
    let expiresAt: Int64

    enum CodingKeys: String, CodingKey {
        case rate, fee
        case quoteID = "quote_id", payerTotal = "payer_total", payerTotalText = "payer_total_text", feeText = "fee_text", expiresAt = "expires_at"
    }
}

extension Router {
    /// Adds the public checkout pages, protected by the signed token in the path (no API key):
    /// - `GET /checkout/:token`: the form (account and amount prefilled, amount editable);
    /// - `POST /checkout/:token/quote` (JSON `{"amount": "120.50", "payer_currency": "USD"}`): a quote for the page;
    /// - `POST /checkout/:token/pay` (form post): pays; answers the receipt, the 3-D Secure challenge or the decline;
    /// - `POST /checkout/:token/3ds` (form `result=pass|fail`): finishes the challenge.
    ///
    /// A tampered, expired or used link answers an error page (403/410) in the link's language.
    public func registerCheckoutRoutes(context: APIContext, assistant: Assistant) {
        @Sendable func page(_ request: HTTPRequest, language fallback: Language? = nil) -> CheckoutPage {
            let language = request.query["lang"].flatMap(Language.init(tag:)) ?? fallback
                ?? Language.preferred(fromAcceptLanguage: request.headers["Accept-Language"]) ?? .zhHans
            return CheckoutPage(renderer: assistant.renderer, language: language)
        }
        @Sendable func errorPage(_ error: any Error, _ request: HTTPRequest, language: Language?) -> HTTPResponse {
            let linkLanguage = (try? assistant.linkSigner.verifySignature(request.parameter("token") ?? ""))?.language
            let page = page(request, language: language ?? linkLanguage)
            if let coded = error as? any CodedError {
                context.logger.info("checkout refused", ["code": coded.code])
                return .html(page.error(message: coded.localizedMessage(in: page.language)), status: HTTPStatus.forKind(coded.kind))
            }
            context.logger.error("checkout failed", ["error": String(describing: type(of: error))])
            return .html(page.error(message: "Internal error."), status: 500)
        }

        get("/checkout/:token") { request in
            let token = request.parameter("token") ?? ""
            do {
                let view = try assistant.openCheckout(token: token)
                return .html(page(request, language: view.language).form(view, token: token))
            } catch {
                return errorPage(error, request, language: nil)
            }
        }

        post("/checkout/:token/quote") { request in
            let token = request.parameter("token") ?? ""
            let body = try request.decodeJSON(CheckoutQuoteRequestBody.self)
            guard let currency = Currency(code: body.payerCurrency) else { throw APIError.invalidParameter("payer_currency", "an ISO 4217 code") }
            let view = try assistant.openCheckout(token: token)
            let quote = try await assistant.quoteCheckout(token: token, amount: try assistant.checkoutAmount(body.amount), payerCurrency: currency)
            return .json(CheckoutQuoteBody(quoteID: quote.id, payerTotal: AmountBody(quote.payerTotal),
                                           payerTotalText: ReplyRenderer.formatMoney(quote.payerTotal, language: view.language),
                                           fee: AmountBody(quote.fee), feeText: ReplyRenderer.formatMoney(quote.fee, language: view.language),
                                           rate: quote.rate, expiresAt: quote.expiresAt))
        }

        post("/checkout/:token/pay") { request in
            let token = request.parameter("token") ?? ""
            var language: Language?
            do {
                let view = try? assistant.openCheckout(token: token)
                language = view?.language
                let form = FormBody(request.body)
                let amount = try assistant.checkoutAmount(form["amount"] ?? "")
                guard let currency = Currency(code: form["payer_currency"] ?? "CNY") else { throw CheckoutError.invalidAmount }
                let card = CardDetails(number: form["number"] ?? "", expMonth: Int(form["exp_month"] ?? "") ?? 0, expYear: Int(form["exp_year"] ?? "") ?? 0,
                                       cvc: form["cvc"] ?? "", holder: form["holder"] ?? "")
                let quoteID = form["quote_id"].flatMap { $0.isEmpty ? nil : $0 }
                let outcome = try await assistant.payCheckout(token: token, amount: amount, payerCurrency: currency, quoteID: quoteID, card: card)
                return Router.render(outcome, page: page(request, language: language), token: token)
            } catch let error as GatewayError {
                // A card the gateway refuses to read (bad number, expired, CVC): back to the form with the reason.
                guard let view = try? assistant.openCheckout(token: token) else { return errorPage(error, request, language: language) }
                let page = page(request, language: view.language)
                return .html(page.form(view, token: token, error: error.localizedMessage(in: page.language)), status: HTTPStatus.forKind(error.kind))
            } catch {
                return errorPage(error, request, language: language)
            }
        }

        post("/checkout/:token/3ds") { request in
            let token = request.parameter("token") ?? ""
            let result: ThreeDSecureResult = FormBody(request.body)["result"] == "pass" ? .pass : .fail
            do {
                let outcome = try await assistant.completeCheckoutChallenge(token: token, result: result)
                return Router.render(outcome, page: page(request, language: nil), token: token)
            } catch {
                return errorPage(error, request, language: nil)
            }
        }
    }

    /// The page for a checkout outcome.
    static func render(_ outcome: CheckoutOutcome, page: CheckoutPage, token: String) -> HTTPResponse {
        switch outcome {
        case .paid(let payment, let view):
            let page = CheckoutPage(renderer: page.rendererForRoutes, language: view.language)
            return .html(page.paid(amount: payment.amount, account: view.record.accountNumber, last4: payment.card.last4, reference: payment.id))
        case .alreadyPaid(let view):
            let page = CheckoutPage(renderer: page.rendererForRoutes, language: view.language)
            return .html(page.paid(amount: view.record.paidAmount ?? view.record.amount, account: view.record.accountNumber, last4: "••••",
                                   reference: view.record.paymentID ?? view.record.id))
        case .needsThreeDSecure(let payment, let view):
            return .html(CheckoutPage(renderer: page.rendererForRoutes, language: view.language).challenge(payment, token: token))
        case .processing(_, let view):
            return .html(CheckoutPage(renderer: page.rendererForRoutes, language: view.language).processing(), status: 202)
        case .declined(let payment, let view):
            let page = CheckoutPage(renderer: page.rendererForRoutes, language: view.language)
            return .html(page.declined(message: payment.failure?.message ?? "", token: token), status: 402)
        }
    }
}

/// An `application/x-www-form-urlencoded` body, decoded.
struct FormBody {
    private var fields: [String: String] = [:]

    init(_ body: [UInt8]) {
        let text = String(decoding: body.prefix(16_384), as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ piece: Substring) -> String {
                let spaced = piece.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            fields[decode(parts[0])] = parts.count == 2 ? decode(parts[1]) : ""
        }
    }

    subscript(_ name: String) -> String? { fields[name] }
}
