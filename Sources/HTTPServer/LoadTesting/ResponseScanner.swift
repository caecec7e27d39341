/// Finds where a complete HTTP response ends in a byte buffer (head plus Content-Length body).
enum ResponseScanner {
    /// The length of the first complete response in `bytes`, or nil if it is not all there yet.
    static func completeLength(of bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { completeLength(of: $0) }
    }

    static func completeLength(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count >= 4 else { return nil }
        var headEnd = -1
        var index = 3
        while index < count {
            if bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                headEnd = index + 1
                break
            }
            index += 1
        }
        guard headEnd > 0 else { return nil }
        // Find "content-length:" case-insensitively at the start of a header line.
        let name = Array("content-length:".utf8)
        var length = 0
        var line = 0
        while line < headEnd {
            if line + name.count < headEnd {
                var matches = true
                for offset in 0..<name.count {
                    let byte = bytes[line + offset]
                    let folded = byte >= 65 && byte <= 90 ? byte + 32 : byte
                    if folded != name[offset] { matches = false; break }
                }
                if matches {
                    var position = line + name.count
                    while position < headEnd, bytes[position] == 32 { position += 1 }
                    while position < headEnd, bytes[position] >= 48, bytes[position] <= 57 {
                        length = length * 10 + Int(bytes[position] - 48)
                        position += 1
                    }
                    break
                }
            }
            while line < headEnd, bytes[line] != 10 { line += 1 }
            line += 1
        }
        let total = headEnd + length
        return count >= total ? total : nil
    }
}
