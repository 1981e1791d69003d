/// Learner emails are personal data; logs, dashboards and notification records show
/// them masked. One helper so that every service masks the same way.
public enum EmailMasking {
    /// "dev.sharma@example.com" → "d***@example.com". Keeps the domain (useful for
    /// spotting a bad provider) and the first character (to tell addresses apart).
    /// Text without an "@" is masked whole.
    public static func mask(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "***" }
        let first = email[..<at].first.map(String.init) ?? ""
        return first + "***" + email[at...]
    }
}
