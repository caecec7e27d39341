import Foundation
import PayAssistCore
import Storage
import Synchronization

/// The mock card gateway itself: validates, decides outcomes from test cards, converts currencies,
/// runs the payment state machine and keeps idempotency, all committed to SQLite before it answers.
///
/// It conforms to `PaymentGatewayClient`, so in-process callers (tests, benchmarks) use it directly;
/// GatewayService puts it behind HTTP.
public final class GatewayEngine: PaymentGatewayClient {
    /// The tables.
    public let store: GatewayStore
    /// Limits, delays, rates and test cards.
    public let configuration: GatewayConfiguration
    let clock: any WallClock
    let logger: Logger
    let fingerprintKey: [UInt8]
    /// Idempotency keys whose first request is executing right now (in this process).
    let inFlight = Mutex<Set<String>>([])
    let writesSincePurge = Atomic<Int>(0)

    /// Creates the engine on a store.
    ///
    /// - Parameters:
    ///   - store: the gateway's tables (migrated by `GatewayStore.init`).
    ///   - configuration: rates, test cards, limits.
    ///   - clock: the time source for expiry, quotes and key retention.
    ///   - logger: receives ids, statuses and card summaries only.
    public init(store: GatewayStore, configuration: GatewayConfiguration, clock: any WallClock = SystemClock(), logger: Logger = .disabled) throws {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.fingerprintKey = try store.fingerprintKey()
        try purgeExpiredIdempotencyKeys()
    }

    var nowSeconds: Int64 { Int64(clock.now().timeIntervalSince1970.rounded(.down)) }

    static func newID(_ prefix: String) -> String { prefix + Crypto.hex(Crypto.randomBytes(12)) }

    // MARK: Quotes

    public func quote(_ request: QuoteRequest, language: Language) async throws -> Quote {
        let amount = try validatedAmount(request.amount, currencyCode: request.currency)
        let payer = try supportedCurrency(request.payerCurrency)
        let now = nowSeconds
        let conversion = convert(amount, to: payer)
        let quote = Quote(id: GatewayEngine.newID("qt_"), amount: amount, payerAmount: conversion.payerAmount, fee: conversion.fee,
                          rate: conversion.rate.decimalString, ratesAsOf: configuration.rates.asOf,
                          created: now, expiresAt: now + configuration.quoteLifetime)
        try store.insertQuote(quote)
        return quote
    }

    struct Conversion {
        let rate: ExchangeRate
        let payerAmount: Money
        let fee: Money
    }

    func convert(_ amount: Money, to payer: Currency) -> Conversion {
        let rates = configuration.rates
        let rate = rates.rate(from: amount.currency, to: payer) ?? .one
        let converted = ExchangeRateTable.convert(amount, rate: rate, to: payer)
        return Conversion(rate: rate, payerAmount: converted, fee: rates.fee(on: converted, crossBorder: payer != amount.currency))
    }

    // MARK: Validation (throws before anything is written)

    func knownCurrency(_ code: String) throws(GatewayError) -> Currency {
        guard code.count == 3, let currency = Currency(code: code), code == currency.code else { throw .unknownCurrency }
        return currency
    }

    func supportedCurrency(_ code: String) throws(GatewayError) -> Currency {
        let currency = try knownCurrency(code)
        guard configuration.rates.supports(currency) else { throw .unsupportedCurrency }
        return currency
    }

    func validatedAmount(_ minorUnits: Int64, currencyCode: String) throws(GatewayError) -> Money {
        let currency = try supportedCurrency(currencyCode)
        guard minorUnits > 0 else { throw .invalidAmount }
        guard minorUnits <= 1_000_000_000_000 else { throw .amountOverLimit }
        let amount = Money(minorUnits: minorUnits, currency: currency)
        guard let cny = configuration.rates.cnyEquivalent(of: amount), cny.minorUnits <= configuration.maximumAmountCNYMinorUnits else {
            throw .amountOverLimit
        }
        return amount
    }

    /// Checks an Idempotency-Key: 1-255 visible ASCII characters.
    public static func validateIdempotencyKey(_ key: String) throws(GatewayError) {
        guard !key.isEmpty else { throw .idempotencyKeyMissing }
        guard key.utf8.count <= 255, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { throw .idempotencyKeyInvalid }
    }
}
