import PayAssistCore

/// Why a request could not be read off the wire; each case has its HTTP status and a stable code.
///
/// The server answers these with the JSON error body and then closes the connection, because
/// after a framing error it can no longer tell where the next request would start.
public enum HTTPParseError: CodedError, Equatable, CaseIterable {
    /// The request line is not `METHOD SP target SP HTTP/x.y` (400).
    case malformedRequestLine
    /// A header line is not `name: value` with legal characters, or uses obsolete line folding (400).
    case invalidHeader
    /// Content-Length is not a plain non-negative decimal number (400).
    case invalidContentLength
    /// Content-Length appears more than once, with equal or different values (400).
    case duplicateContentLength
    /// Both Transfer-Encoding and Content-Length, or Transfer-Encoding on HTTP/1.0 (400).
    case conflictingFraming
    /// A Transfer-Encoding other than `chunked` (501).
    case unsupportedTransferEncoding
    /// A chunk-size line that is not hexadecimal, or chunk data not followed by CRLF (400).
    case invalidChunk
    /// The request line and headers (or the trailers) exceed the configured limit (431).
    case headersTooLarge
    /// The body exceeds the configured limit (413).
    case bodyTooLarge
    /// An HTTP version other than 1.0 and 1.1 (505).
    case unsupportedVersion
    /// The client did not finish sending its headers or body in time (408); decided by the server's timeouts.
    case requestTimeout

    /// The HTTP status this error is answered with.
    public var status: Int {
        switch self {
        case .malformedRequestLine, .invalidHeader, .invalidContentLength, .duplicateContentLength,
             .conflictingFraming, .invalidChunk:
            return 400
        case .unsupportedTransferEncoding: return 501
        case .headersTooLarge: return 431
        case .bodyTooLarge: return 413
        case .unsupportedVersion: return 505
        case .requestTimeout: return 408
        }
    }

    public var code: String {
        switch self {
        case .malformedRequestLine: return "malformed_request_line"
        case .invalidHeader: return "invalid_header"
        case .invalidContentLength: return "invalid_content_length"
        case .duplicateContentLength: return "duplicate_content_length"
        case .conflictingFraming: return "conflicting_framing"
        case .unsupportedTransferEncoding: return "unsupported_transfer_encoding"
        case .invalidChunk: return "invalid_chunk"
        case .headersTooLarge: return "headers_too_large"
        case .bodyTooLarge: return "body_too_large"
        case .unsupportedVersion: return "http_version_not_supported"
        case .requestTimeout: return "request_timeout"
        }
    }

    public var message: String {
        switch self {
        case .malformedRequestLine: return "The request line is malformed; expected METHOD /path HTTP/1.1."
        case .invalidHeader: return "A header line is malformed."
        case .invalidContentLength: return "Content-Length must be a non-negative whole number."
        case .duplicateContentLength: return "Content-Length must appear exactly once."
        case .conflictingFraming: return "Transfer-Encoding cannot be combined with Content-Length or used with HTTP/1.0."
        case .unsupportedTransferEncoding: return "Only the chunked transfer coding is supported."
        case .invalidChunk: return "The chunked body is malformed."
        case .headersTooLarge: return "The request headers are too large."
        case .bodyTooLarge: return "The request body is too large."
        case .unsupportedVersion: return "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .requestTimeout: return "The request was not received in time."
        }
    }

    public var kind: ErrorKind {
        // Only approximate: the server answers with `status`, which ErrorKind cannot express (431, 505).
        switch self {
        case .headersTooLarge, .bodyTooLarge: return .tooLarge
        case .requestTimeout: return .unavailable
        default: return .invalidInput
        }
    }

    /// The JSON error response for this error, with `Connection: close`.
    public var response: HTTPResponse {
        HTTPResponse.error(status: status, code: code, message: message)
    }
}
