import Foundation

/// The codec's own format checks, for code that reads the same values from elsewhere (a CSV
/// import) and must accept exactly what an event would.
public enum FieldFormats {
    /// RFC 3339 with an offset (`2025-05-19T21:30:00+05:30`); nil for anything else.
    public static func timestamp(_ text: String) -> Date? {
        Timestamp.parse(text)
    }

    public static func isPlausibleEmail(_ text: String) -> Bool {
        text.unicodeScalars.count <= 254 && Rule<String>.isPlausibleEmail(text)
    }
}
