/// Normalised words (UTF-8 bytes) to dense term numbers, looked up without building a
/// `String`: FNV-1a over the bytes, open addressing, one byte arena. Built by
/// `TermTable.Builder` while the lexicons load, then frozen: a final class of constants, so
/// sharing it costs one retain and reading it no exclusivity checks.
final class TermTable: Sendable {
    private let slots: [Int32]
    private let hashes: [UInt64]
    private let offsets: [Int32]
    private let lengths: [Int32]
    private let arena: [UInt8]
    private let mask: Int

    init(_ builder: Builder) {
        slots = builder.slots
        hashes = builder.hashes
        offsets = builder.offsets
        lengths = builder.lengths
        arena = builder.arena
        mask = builder.mask
    }

    var count: Int { offsets.count }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The term number of `bytes`, or -1.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        Self.lookup(bytes, slots: slots, hashes: hashes, offsets: offsets, lengths: lengths, arena: arena, mask: mask)
    }

    @inline(__always)
    fileprivate static func lookup(
        _ bytes: UnsafeBufferPointer<UInt8>, slots: [Int32], hashes: [UInt64], offsets: [Int32], lengths: [Int32], arena: [UInt8], mask: Int
    ) -> Int32 {
        let hash = Self.hash(bytes)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let term = slots[index]
            if term < 0 { return -1 }
            let number = Int(term)
            if hashes[number] == hash, Int(lengths[number]) == bytes.count {
                let start = Int(offsets[number])
                let same = arena.withUnsafeBufferPointer { arena in
                    for offset in 0..<bytes.count where arena[start + offset] != bytes[offset] { return false }
                    return true
                }
                if same { return term }
            }
            index = (index + 1) & mask
        }
    }

    /// The mutable table, while lexicon files are read.
    struct Builder {
        fileprivate var slots = [Int32](repeating: -1, count: 1024)
        fileprivate var hashes: [UInt64] = []
        fileprivate var offsets: [Int32] = []
        fileprivate var lengths: [Int32] = []
        fileprivate var arena: [UInt8] = []
        fileprivate var mask = 1023

        var count: Int { offsets.count }

        func lookup(_ bytes: [UInt8]) -> Int32 {
            bytes.withUnsafeBufferPointer {
                TermTable.lookup($0, slots: slots, hashes: hashes, offsets: offsets, lengths: lengths, arena: arena, mask: mask)
            }
        }

        /// The term number of `bytes`, adding it if new.
        mutating func intern(_ bytes: [UInt8]) -> Int32 {
            let existing = lookup(bytes)
            if existing >= 0 { return existing }
            if (count + 1) * 2 > slots.count { grow() }
            let term = Int32(count)
            let hash = bytes.withUnsafeBufferPointer { TermTable.hash($0) }
            hashes.append(hash)
            offsets.append(Int32(arena.count))
            lengths.append(Int32(bytes.count))
            arena.append(contentsOf: bytes)
            place(term, hash: hash)
            return term
        }

        private mutating func place(_ term: Int32, hash: UInt64) {
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] >= 0 { index = (index + 1) & mask }
            slots[index] = term
        }

        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for term in 0..<count { place(Int32(term), hash: hashes[term]) }
        }
    }
}
