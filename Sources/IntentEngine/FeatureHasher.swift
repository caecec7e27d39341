/// Hashes n-grams of scalars into the classifier's fixed-size feature space (FNV-1a, 64 bit).
///
/// Hashing keeps the model a flat array with no vocabulary dictionary, so start-up and lookups
/// stay fast, and unseen n-grams simply land in buckets the training gave little weight.
enum FeatureHasher {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of a namespace byte followed by `values`.
    static func hash(namespace: UInt64, _ values: some Sequence<UInt32>) -> UInt64 {
        var hash = start(namespace)
        for value in values { hash = mix(hash, value) }
        return hash
    }

    /// Starts a hash in a namespace (character n-grams, words, pinyin... never collide on purpose).
    @inline(__always) static func start(_ namespace: UInt64) -> UInt64 {
        (offsetBasis ^ namespace) &* prime
    }

    /// Mixes one 32-bit value into a hash.
    @inline(__always) static func mix(_ hash: UInt64, _ value: UInt32) -> UInt64 {
        var result = hash
        result = (result ^ UInt64(value & 0xFF)) &* prime
        result = (result ^ UInt64((value >> 8) & 0xFF)) &* prime
        result = (result ^ UInt64(value >> 16)) &* prime
        return result
    }

    /// Mixes a 64-bit value (another hash) into a hash.
    @inline(__always) static func mix64(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        mix(mix(hash, UInt32(truncatingIfNeeded: value)), UInt32(truncatingIfNeeded: value >> 32))
    }

    /// Final avalanche (splitmix64 finalizer) so low bits are well spread before taking a bucket.
    @inline(__always) static func finish(_ hash: UInt64) -> UInt64 {
        var z = hash
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
