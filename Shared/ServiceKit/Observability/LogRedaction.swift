import Foundation
import Model

/// Masks e-mail addresses anywhere in log text, so a learner's address never reaches a log file
/// whatever a developer interpolates into a message.
public enum LogRedaction {
    private static let emailPattern = try! NSRegularExpression(pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")

    public static func maskEmails(in text: String) -> String {
        guard text.contains("@") else { return text }
        let range = NSRange(text.startIndex..., in: text)
        var result = text
        for match in emailPattern.matches(in: text, range: range).reversed() {
            guard let swiftRange = Range(match.range, in: result) else { continue }
            result.replaceSubrange(swiftRange, with: EmailMasking.mask(String(result[swiftRange])))
        }
        return result
    }
}
