
/// API tokens for `Authorization: Bearer`. The users file keeps only `sha256:<hex>` of each
/// token: tokens are 32 random bytes, so a plain hash is enough (no KDF needed against guessing)
/// and lets a request find its user in one lookup.
public enum APIToken {
    /// A new random token (`mft_` + 43 base64url characters) and the line to put in the users file.
    public static func generate() -> (token: String, stored: String) {
        let token = "mft_" + RandomToken.make()
        return (token, stored(for: token))
    }

    /// The stored form of `token`: `sha256:<64 hex digits>`.
    public static func stored(for token: String) -> String {
        "sha256:" + RandomToken.sha256Hex(token)
    }

    static func isStoredForm(_ text: String) -> Bool {
        text.hasPrefix("sha256:") && text.count == 71 && text.dropFirst(7).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
