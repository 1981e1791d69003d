/// The overall tone of a feedback comment, labelled by what a PM must act on
/// (a reported problem is negative even without a sentiment word).
public enum SentimentLabel: String, CaseIterable, Sendable {
    case positive
    case neutral
    case negative
}

/// The language a comment is written in; Hindi and Hinglish need their own lexicons.
public enum FeedbackLanguage: String, CaseIterable, Sendable {
    case en
    case hi
    case hinglish
    case mixed
}

/// What a comment is about, so that PMs see the cause ("tech issues"), not only the tone.
public enum Aspect: String, CaseIterable, Sendable {
    case punctuality
    case noShow = "no_show"
    case rescheduling
    case techIssues = "tech_issues"
    case pace
    case clarity
    case preparation
    case helpfulness
    case followUpRequested = "follow_up_requested"
    case none
}

/// The sentiment analyser's reading of one feedback comment.
public struct SentimentResult: Sendable, Equatable {
    public var label: SentimentLabel
    /// -1 (most negative) ... 1 (most positive), `Limits.sentimentScore`.
    public var score: Double
    /// 0 ... 1, `Limits.confidence`: low confidence asks for a human look.
    public var confidence: Double
    public var language: FeedbackLanguage
    public var aspects: [Aspect]
    /// The phrases that decided the label, shown to PMs as the reason.
    public var evidence: [String]
    /// Which analyser produced this, so scores from different versions are not mixed silently.
    public var analyzerVersion: String

    public init(
        label: SentimentLabel, score: Double, confidence: Double, language: FeedbackLanguage,
        aspects: [Aspect], evidence: [String], analyzerVersion: String
    ) {
        self.label = label
        self.score = score
        self.confidence = confidence
        self.language = language
        self.aspects = aspects
        self.evidence = evidence
        self.analyzerVersion = analyzerVersion
    }
}
