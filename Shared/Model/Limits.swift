/// The bounds a valid value stays within.
///
/// They live in the model, not in the codec, so that a publisher can check a value with
/// the very numbers every consumer will check it against on receipt (and the AsyncAPI
/// document states the same numbers).
public enum Limits {
    /// Learner rating.
    public static let rating = 1...5
    /// Any session length in minutes; over a day is a data error, not a long session.
    public static let durationMinutes = 1...1440
    public static let sentimentScore = -1.0...1.0
    public static let confidence = 0.0...1.0
    /// Summary versions start at 1.
    public static let version = 1...1_000_000
    /// Delivery attempts of one notification.
    public static let attempts = 1...1000

    /// Characters (Unicode scalars) in an identifier.
    public static let identifierLength = 128
    /// Characters in a person's, program's or batch's name, or a short label.
    public static let nameLength = 200
    /// Characters in free text: comments, summaries, reasons.
    public static let textLength = 10_000
    /// Characters in a transcript or a calendar invite.
    public static let documentLength = 100_000
    /// RFC 5321's limit on an address.
    public static let emailLength = 254
    /// Items in any list (aspects, action items, topics, ...).
    public static let listCount = 100
}
