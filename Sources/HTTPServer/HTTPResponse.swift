import Foundation
import PayAssistCore

/// An HTTP response as handlers build it; the server adds Content-Length, Date and Connection.
public struct HTTPResponse: Sendable {
    /// The status code (200, 404, ...).
    public var status: Int
    /// Header fields set by the handler.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]
    /// The route pattern that produced this response ("/v1/customers/:id"); set by `Router`,
    /// read by the server for metrics. Never sent to the client.
    public var routePattern: String?

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// An HTML page.
    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        text(html, status: status, contentType: "text/html; charset=utf-8")
    }

    /// A JSON response from an Encodable value (keys sorted, so output is stable).
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
        do {
            let data = try JSONCoding.encoder.encode(value)
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(data))
        } catch {
            return HTTPResponse.error(SimpleError(.internal, code: "encoding_failed", message: "The response could not be encoded."))
        }
    }

    /// A JSON response from raw JSON bytes.
    public static func json(bytes: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }

    /// The one error body used everywhere: `{"error":{"code":"...","message":"..."}}`.
    public static func error(status: Int, code: String, message: String, extraHeaders: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var response = json(ErrorEnvelope(error: .init(code: code, message: message)), status: status)
        for (name, value) in extraHeaders { response.headers.add(name: name, value: value) }
        return response
    }

    /// Maps any error to its response in one place: coded errors keep their code and get the
    /// status of their kind; anything else is a 500 `internal_error` that reveals nothing.
    public static func error(_ error: any Error, language: Language = .en) -> HTTPResponse {
        if let coded = error as? any CodedError {
            return self.error(status: HTTPStatus.forKind(coded.kind), code: coded.code, message: coded.localizedMessage(in: language))
        }
        return self.error(status: 500, code: "internal_error", message: "An internal error occurred.")
    }
}

/// The JSON error envelope.
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public let code: String
        public let message: String
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }
    public let error: Body
    public init(error: Body) { self.error = error }
}

/// Status codes and reason phrases.
public enum HTTPStatus {
    /// The HTTP status for a kind of domain error: the single mapping from errors to HTTP.
    public static func forKind(_ kind: ErrorKind) -> Int {
        switch kind {
        case .invalidInput: return 400
        case .unauthenticated: return 401
        case .forbidden: return 403
        case .notFound: return 404
        case .conflict: return 409
        case .gone: return 410
        case .unprocessable: return 422
        case .tooLarge: return 413
        case .rateLimited: return 429
        case .unavailable: return 503
        case .internal: return 500
        }
    }

    /// The reason phrase for a status code.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
