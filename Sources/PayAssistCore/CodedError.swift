/// What kind of failure an error is; the HTTP layer maps each kind to a status in one place.
public enum ErrorKind: String, Sendable {
    /// The caller sent something malformed or invalid (400).
    case invalidInput
    /// The caller is not authenticated (401).
    case unauthenticated
    /// The caller may not do this (403).
    case forbidden
    /// The thing asked for does not exist (404).
    case notFound
    /// The request conflicts with the current state (409).
    case conflict
    /// The thing asked for existed but is gone or expired (410).
    case gone
    /// The request is well formed but refused by a business rule (422), e.g. a card decline.
    case unprocessable
    /// The caller sent too much (413).
    case tooLarge
    /// Too many requests (429).
    case rateLimited
    /// A dependency failed or timed out (502/503/504).
    case unavailable
    /// A bug or an unexpected system failure (500).
    case `internal`
}

/// An error with a stable machine code and a human message. Every domain error conforms.
///
/// The `code` never changes with the language; `localizedMessage(in:)` may.
public protocol CodedError: Error, Sendable {
    /// Stable snake_case machine code ("card_declined").
    var code: String { get }
    /// A human message in English; never contains a secret or a card number.
    var message: String { get }
    /// The kind of failure, for mapping to a transport status.
    var kind: ErrorKind { get }
    /// The message in another language; defaults to English.
    func localizedMessage(in language: Language) -> String
}

extension CodedError {
    public func localizedMessage(in language: Language) -> String { message }
}

/// A generic coded error for cases that need no enum of their own.
public struct SimpleError: CodedError, Equatable {
    public let code: String
    public let message: String
    public let kind: ErrorKind

    /// Creates an error with a machine code, a human message and a kind.
    public init(_ kind: ErrorKind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }
}
