import PayAssistCore

/// How the rest of PayAssist talks to a card gateway. The mock's HTTP client (`HTTPGatewayClient`
/// in GatewayService) and the in-process `GatewayEngine` both conform, so a real provider can replace them.
///
/// A card decline is not an error: it is a `Payment` whose `status` is `.failed` and whose `failure`
/// says why. Methods throw `GatewayError`-coded refusals as `GatewayClientError.rejected` (over HTTP)
/// or `GatewayError` (in process), and transport failures as `GatewayClientError`.
public protocol PaymentGatewayClient: Sendable {
    /// Quotes a bill amount in the payer's currency: rate, payer amount and fee, locked for 10 minutes.
    func quote(_ request: QuoteRequest, language: Language) async throws -> Quote

    /// Creates and confirms a payment. Retrying with the same key and request returns the original answer.
    func createPayment(_ request: CreatePaymentRequest, idempotencyKey: String, language: Language) async throws -> Payment

    /// Saves a card for later payments without its number; returns the token.
    func saveCard(_ card: CardDetails, idempotencyKey: String, language: Language) async throws -> CardToken

    /// The payment's current state.
    func payment(id: String, language: Language) async throws -> Payment

    /// Reports the outcome of a 3-D Secure challenge for a payment in `requires_action`.
    func submitThreeDSecure(paymentID: String, result: ThreeDSecureResult, language: Language) async throws -> Payment

    /// Refunds `amount` minor units of the bill currency, or everything still refundable when nil.
    func refund(paymentID: String, amount: Int64?, idempotencyKey: String, language: Language) async throws -> Payment

    /// Cancels a payment that has not captured money yet (`requires_action` or `processing`).
    func cancel(paymentID: String, idempotencyKey: String, language: Language) async throws -> Payment

    /// State changes after `cursor` (nil: from the start), oldest first, at most `limit`.
    func events(after cursor: String?, limit: Int) async throws -> GatewayEventPage
}
