/// One result row, readable by column name.
public struct SQLiteRow: Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// Values in result order.
    public let values: [SQLiteValue]

    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value of a column; `.null` when the column is absent.
    public subscript(_ column: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// A column as an integer; nil when null or not an integer.
    public func int64(_ column: String) -> Int64? {
        switch self[column] {
        case .integer(let value): return value
        case .real(let value): return Int64(exactly: value)
        case .text(let value): return Int64(value)
        default: return nil
        }
    }

    /// A column as an Int; nil when null.
    public func int(_ column: String) -> Int? { int64(column).map { Int($0) } }

    /// A column as a string; nil when null.
    public func string(_ column: String) -> String? {
        switch self[column] {
        case .text(let value): return value
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return nil
        }
    }

    /// A column as a Double; nil when null.
    public func double(_ column: String) -> Double? {
        switch self[column] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case .text(let value): return Double(value)
        default: return nil
        }
    }

    /// A column as a Bool (non-zero integer); false when null.
    public func bool(_ column: String) -> Bool { (int64(column) ?? 0) != 0 }

    /// A column as bytes; nil when null.
    public func blob(_ column: String) -> [UInt8]? {
        switch self[column] {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: return nil
        }
    }
}
