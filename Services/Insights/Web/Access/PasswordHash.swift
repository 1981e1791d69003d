import Crypto
import _CryptoExtras
import Foundation

/// A password as the users file stores it: scrypt (a memory-hard KDF) with its cost and salt,
/// written `scrypt$<log2 N>$<r>$<p>$<salt base64>$<key base64>`. The cost travels with the hash,
/// so raising it later only needs new hashes, never a migration.
public struct PasswordHash: Sendable, Equatable {
    public let logN: Int
    public let blockSize: Int
    public let parallelism: Int
    public let salt: [UInt8]
    public let key: [UInt8]

    /// N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s per check (the scrypt paper's interactive-login figures).
    public static let defaultLogN = 15
    static let keyBytes = 32

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Hashes `password` with a fresh random salt.
    public static func make(password: String, logN: Int = defaultLogN) throws -> PasswordHash {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let key = try derive(password: password, salt: salt, logN: logN, blockSize: 8, parallelism: 1)
        return PasswordHash(logN: logN, blockSize: 8, parallelism: 1, salt: salt, key: key)
    }

    init(logN: Int, blockSize: Int, parallelism: Int, salt: [UInt8], key: [UInt8]) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
        self.key = key
    }

    /// Parses the stored form; a clear error names what is wrong (never the hash itself).
    public init(encoded: String) throws {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt" else {
            throw FormatError(description: "not a scrypt hash (expected scrypt$<logN>$<r>$<p>$<salt>$<key>; make one with `mentorflow user hash-password`)")
        }
        guard let logN = Int(parts[1]), (10...20).contains(logN), let r = Int(parts[2]), (1...32).contains(r),
              let p = Int(parts[3]), (1...16).contains(p) else {
            throw FormatError(description: "scrypt parameters out of range (logN 10...20, r 1...32, p 1...16)")
        }
        guard let salt = Data(base64Encoded: String(parts[4])), salt.count >= 8,
              let key = Data(base64Encoded: String(parts[5])), key.count >= 16 else {
            throw FormatError(description: "salt or key is not base64 of the right length")
        }
        self.init(logN: logN, blockSize: r, parallelism: p, salt: Array(salt), key: Array(key))
    }

    public var encoded: String {
        "scrypt$\(logN)$\(blockSize)$\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// True when `password` derives the stored key (compared in constant time).
    public func verify(_ password: String) -> Bool {
        guard let derived = try? Self.derive(password: password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism, length: key.count)
        else { return false }
        return ConstantTime.equal(derived, key)
    }

    static func derive(password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int, length: Int = keyBytes) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: length, rounds: 1 << logN, blockSize: blockSize,
            parallelism: parallelism, maxMemory: 130 * blockSize * (1 << logN) * parallelism + (1 << 20))
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Comparison whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
