import Glibc
import PayAssistCore

/// Why the server could not start.
public enum HTTPServerError: CodedError, Equatable {
    /// Another process (or server) already listens on this address and port.
    case addressInUse(host: String, port: Int)
    /// The host could not be resolved to a local address.
    case invalidAddress(String)
    /// A system call failed; `errno` is kept for diagnosis.
    case systemCall(name: String, errno: Int32)
    /// `start()` was called twice, or after shutdown.
    case notStartable

    public var code: String {
        switch self {
        case .addressInUse: return "address_in_use"
        case .invalidAddress: return "invalid_address"
        case .systemCall: return "socket_error"
        case .notStartable: return "server_not_startable"
        }
    }

    public var message: String {
        switch self {
        case .addressInUse(let host, let port): return "Port \(port) on \(host) is already in use."
        case .invalidAddress(let host): return "Cannot listen on \(host): not a local address."
        case .systemCall(let name, let code): return "\(name) failed: \(String(cString: strerror(code))) (errno \(code))."
        case .notStartable: return "The server was already started or has been shut down."
        }
    }

    public var kind: ErrorKind {
        switch self {
        case .addressInUse: return .conflict
        case .invalidAddress: return .invalidInput
        case .systemCall, .notStartable: return .internal
        }
    }
}
