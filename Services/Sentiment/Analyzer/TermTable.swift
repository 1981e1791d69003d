/// Normalised words (UTF-8 bytes) to dense term numbers, looked up without building a
/// `String`: FNV-1a over the bytes, open addressing, one byte arena.
struct TermTable: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var offsets: [Int32] = []
    private var lengths: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 1024)
        mask = 1023
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
        let hash = Self.hash(bytes)
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                var index = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let term = slots[index]
                    if term < 0 { return -1 }
                    if hashes[Int(term)] == hash, equals(Int(term), bytes) { return term }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// The bytes of a term, for messages.
    func text(of term: Int32) -> String {
        let start = Int(offsets[Int(term)])
        return String(decoding: arena[start..<start + Int(lengths[Int(term)])], as: UTF8.self)
    }

    /// The term number of `bytes`, adding it if new.
    mutating func intern(_ bytes: [UInt8]) -> Int32 {
        let existing = bytes.withUnsafeBufferPointer { lookup($0) }
        if existing >= 0 { return existing }
        if (count + 1) * 2 > slots.count { grow() }
        let term = Int32(count)
        let hash = bytes.withUnsafeBufferPointer { Self.hash($0) }
        hashes.append(hash)
        offsets.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        arena.append(contentsOf: bytes)
        place(term, hash: hash)
        return term
    }

    private func equals(_ term: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = Int(lengths[term])
        guard length == bytes.count else { return false }
        let start = Int(offsets[term])
        return arena.withUnsafeBufferPointer { arena in
            for index in 0..<length where arena[start + index] != bytes[index] { return false }
            return true
        }
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
