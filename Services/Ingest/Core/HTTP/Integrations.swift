import Crypto
import Foundation

/// The systems allowed to post events: each has an API key (Bearer) and, optionally, a secret
/// that signs request bodies. Loaded from a JSON file named by `MENTORFLOW_INGEST_INTEGRATIONS_FILE`:
///
/// ```json
/// [{"name": "lms", "api_key": "…", "signing_secret": "…"}]
/// ```
/// Keys and secrets never appear in logs or errors.
public struct Integration: Sendable, Decodable {
    public let name: String
    let apiKey: String
    let signingSecret: String?

    enum CodingKeys: String, CodingKey {
        case name
        case apiKey = "api_key"
        case signingSecret = "signing_secret"
    }

    public init(name: String, apiKey: String, signingSecret: String?) {
        self.name = name
        self.apiKey = apiKey
        self.signingSecret = signingSecret
    }

    public static func load(from path: String) throws -> [Integration] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let integrations = try JSONDecoder().decode([Integration].self, from: data)
        for integration in integrations where integration.apiKey.count < 16 {
            throw IntegrationConfigurationError(message: "integration '\(integration.name)': api_key must be at least 16 characters")
        }
        return integrations
    }
}

public struct IntegrationConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Checks who is calling: a known API key and, when the integration has a signing secret, an
/// HMAC-SHA256 of `"<timestamp>.<body>"` in `X-MentorFlow-Signature: sha256=<hex>` with a fresh
/// `X-MentorFlow-Timestamp` (Unix seconds), so a captured request cannot be replayed later.
public struct RequestAuthenticator: Sendable {
    public static let timestampHeader = "X-MentorFlow-Timestamp"
    public static let signatureHeader = "X-MentorFlow-Signature"

    private let integrations: [Integration]
    /// How far a timestamp may be from now, either way.
    public let tolerance: TimeInterval

    public init(integrations: [Integration], tolerance: TimeInterval = 300) {
        self.integrations = integrations
        self.tolerance = tolerance
    }

    public enum Failure: Error, Equatable, Sendable {
        case missingCredentials
        case unknownKey
        case missingSignature
        case staleTimestamp
        case badSignature

        public var detail: String {
            switch self {
            case .missingCredentials: "send an API key as 'Authorization: Bearer <key>'"
            case .unknownKey: "the API key is not valid"
            case .missingSignature: "this integration signs its requests: send \(RequestAuthenticator.timestampHeader) and \(RequestAuthenticator.signatureHeader)"
            case .staleTimestamp: "\(RequestAuthenticator.timestampHeader) is missing, malformed or more than 5 minutes from now (replayed request?)"
            case .badSignature: "\(RequestAuthenticator.signatureHeader) does not match the body"
            }
        }
    }

    /// Step 1, before the body is read: the key. Returns the integration it belongs to.
    public func identify(authorization: String?) -> Result<Integration, Failure> {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return .failure(.missingCredentials) }
        let presented = Array(authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces).utf8)
        // Compare against every key in constant time, so timing does not reveal a prefix.
        var found: Integration?
        for integration in integrations where Self.constantTimeEqual(Array(integration.apiKey.utf8), presented) {
            found = integration
        }
        return found.map(Result.success) ?? .failure(.unknownKey)
    }

    /// Step 2, with the body: the signature, when the integration has a secret.
    public func verify(_ integration: Integration, body: [UInt8], timestamp: String?, signature: String?, now: Date = Date()) -> Failure? {
        guard let secret = integration.signingSecret else { return nil }
        guard let signature, signature.hasPrefix("sha256=") else { return .missingSignature }
        guard let timestamp, let seconds = TimeInterval(timestamp), abs(now.timeIntervalSince1970 - seconds) <= tolerance else {
            return .staleTimestamp
        }
        let expected = Self.signature(secret: secret, timestamp: timestamp, body: body)
        return Self.constantTimeEqual(Array(expected.utf8), Array(signature.utf8)) ? nil : .badSignature
    }

    /// `sha256=<lowercase hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): what clients send.
    public static func signature(secret: String, timestamp: String, body: [UInt8]) -> String {
        var message = Array(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
