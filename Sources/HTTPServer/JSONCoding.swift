import Foundation
import PayAssistCore

/// Shared JSON settings and request-body decoding with clear, coded errors.
public enum JSONCoding {
    /// Encoder with sorted keys and snake_case already spelled out by the types' CodingKeys.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Decoder accepting ISO 8601 dates.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Why a request body could not be read as JSON.
public enum JSONBodyError: CodedError, Equatable {
    case wrongContentType(String?)
    case emptyBody
    case notUTF8
    case invalidJSON(String)
    case tooDeep

    public var code: String {
        switch self {
        case .wrongContentType: return "unsupported_media_type"
        case .emptyBody: return "empty_body"
        case .notUTF8: return "invalid_encoding"
        case .invalidJSON: return "invalid_json"
        case .tooDeep: return "json_too_deep"
        }
    }

    public var message: String {
        switch self {
        case .wrongContentType(let type): return "Expected Content-Type application/json, got \(type ?? "none")."
        case .emptyBody: return "The request body is empty; a JSON object is expected."
        case .notUTF8: return "The request body is not valid UTF-8."
        case .invalidJSON(let detail): return "The request body is not valid JSON for this route: \(detail)"
        case .tooDeep: return "The JSON body is nested too deeply."
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .wrongContentType: return .invalidInput
        default: return .invalidInput
        }
    }
}

extension HTTPRequest {
    /// Maximum nesting of arrays and objects accepted in a JSON body.
    public static let maximumJSONDepth = 32

    /// Decodes the body as JSON into `T`, checking Content-Type, UTF-8 and nesting depth first.
    ///
    /// - Throws: `JSONBodyError` with a stable code for each way a body can be wrong.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        let contentType = headers["Content-Type"]?.lowercased()
        guard let contentType, contentType.hasPrefix("application/json") || contentType.contains("+json") else {
            throw JSONBodyError.wrongContentType(headers["Content-Type"])
        }
        guard !body.isEmpty else { throw JSONBodyError.emptyBody }
        guard String(validating: body, as: UTF8.self) != nil else { throw JSONBodyError.notUTF8 }
        var depth = 0
        var inString = false
        var escaped = false
        for byte in body {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > HTTPRequest.maximumJSONDepth { throw JSONBodyError.tooDeep }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw JSONBodyError.invalidJSON("missing field \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw JSONBodyError.invalidJSON("wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\"")
        } catch let DecodingError.valueNotFound(_, context) {
            throw JSONBodyError.invalidJSON("null at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\"")
        } catch let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw JSONBodyError.invalidJSON(path.isEmpty ? "malformed JSON" : "invalid value at \"\(path)\"")
        } catch {
            throw JSONBodyError.invalidJSON("malformed JSON")
        }
    }
}
