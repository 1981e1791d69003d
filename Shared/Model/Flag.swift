/// The early-warning level of a session. Ordered, so "worse than" is `>`.
public enum FlagLevel: String, CaseIterable, Sendable, Comparable {
    case green
    case yellow
    case red

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.severity < rhs.severity }

    private var severity: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }
}

/// Why a session got its level; one per early-warning rule that fired.
public enum FlagReason: String, CaseIterable, Sendable {
    case mentorNotPrepared = "mentor_not_prepared"
    case mentorPartlyPrepared = "mentor_partly_prepared"
    case noFollowUp = "no_follow_up"
    case lowRating = "low_rating"
    case negativeFeedback = "negative_feedback"
    case noShow = "no_show"
    case cancelledOrRescheduled = "cancelled_or_rescheduled"
    case feedbackMissing = "feedback_missing"
}

/// A session's early-warning state. `previousLevel` lets consumers tell an escalation
/// (yellow → red) from a recovery without keeping history of their own.
public struct Flag: Sendable, Equatable {
    public var level: FlagLevel
    public var previousLevel: FlagLevel?
    public var reasons: [FlagReason]

    public init(level: FlagLevel, previousLevel: FlagLevel? = nil, reasons: [FlagReason]) {
        self.level = level
        self.previousLevel = previousLevel
        self.reasons = reasons
    }
}
