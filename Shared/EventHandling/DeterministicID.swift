import Crypto
import Foundation

/// Event ids derived from content, not from a random generator: when a handler runs twice for
/// the same input (a crash between publish and ack), or a file is imported twice, the events it
/// emits carry the same ids and every downstream inbox drops the copies.
public enum DeterministicID {
    /// A name-based UUID (RFC 9562 version 5, SHA-1) in the MentorFlow namespace.
    public static func make(_ parts: String...) -> String {
        make(parts: parts)
    }

    public static func make(parts: [String]) -> String {
        var bytes = Array(namespace)
        // Length-prefix each part so ("ab","c") and ("a","bc") never collide.
        for part in parts {
            let utf8 = Array(part.utf8)
            bytes.append(contentsOf: "\(utf8.count):".utf8)
            bytes.append(contentsOf: utf8)
        }
        var digest = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let uuid = UUID(uuid: (digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                               digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
        return uuid.uuidString.lowercased()
    }

    /// 6f0b2c1e-mentorflow namespace (random once, fixed forever).
    private static let namespace: [UInt8] = [0x6f, 0x0b, 0x2c, 0x1e, 0x9a, 0x4d, 0x4e, 0x21, 0x8c, 0x35, 0x5e, 0x7a, 0x13, 0xd2, 0x90, 0x44]
}
