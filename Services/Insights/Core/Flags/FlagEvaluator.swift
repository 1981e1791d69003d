import Foundation
import Model

/// Applies `FlagRules` to a session record. Pure: the same record, rules and `now` always give
/// the same assessment; `now` matters only for "feedback missing", which waits out the grace
/// period (the service re-checks such sessions when `reviewAt` says the answer may change).
public struct FlagEvaluator: Sendable {
    public let rules: FlagRules

    public init(rules: FlagRules = .default) {
        self.rules = rules
    }

    /// The level and the reasons (in `FlagReason.allCases` order) of `record` at `now`.
    public func evaluate(_ record: SessionRecord, now: Date) -> FlagAssessment {
        let fired = FlagReason.allCases.filter { rules.severity(of: $0) != .off && fires($0, record, now: now) }
        let red = fired.contains { rules.severity(of: $0) == .red }
        let yellow = fired.count { rules.severity(of: $0) == .yellow }
        let level: FlagLevel
        if red || (rules.redWhenYellowReasonsAtLeast.map { yellow >= $0 } ?? false) {
            level = .red
        } else if yellow > 0 {
            level = .yellow
        } else {
            level = .green
        }
        return FlagAssessment(level: level, reasons: fired)
    }

    /// When the assessment of `record` may change by the clock alone: the end of the feedback
    /// grace period of a completed session still without a comment; nil when time changes nothing.
    public func reviewAt(_ record: SessionRecord, now: Date) -> Date? {
        guard rules.severity(of: .feedbackMissing) != .off, let due = feedbackDueAt(record), record.state == .completed,
            record.feedbackMissing, due > now
        else { return nil }
        return due
    }

    /// When a completed session without a comment ended, while its "feedback missing" has not
    /// fired yet in `assessment`: the store keeps it so the sweep can find the sessions whose grace
    /// period has run out under the rules in force (a changed grace period applies to them too).
    public func feedbackPendingSince(_ record: SessionRecord, assessment: FlagAssessment) -> Date? {
        guard rules.severity(of: .feedbackMissing) != .off, record.state == .completed, record.feedbackMissing,
            !assessment.reasons.contains(.feedbackMissing)
        else { return nil }
        return record.endedAt
    }

    /// The moment "feedback missing" may fire for a completed session.
    public func feedbackDueAt(_ record: SessionRecord) -> Date? {
        record.endedAt.map { $0.addingTimeInterval(rules.feedbackGracePeriod.seconds) }
    }

    private func fires(_ reason: FlagReason, _ record: SessionRecord, now: Date) -> Bool {
        switch reason {
        case .mentorNotPrepared: record.mentorPrep == .no
        case .mentorPartlyPrepared: record.mentorPrep == .partial
        // Judged once the LMS has reported the outcome (it says whether a follow-up was set).
        case .noFollowUp: record.state != .scheduled && !record.hasFollowUp
        case .lowRating: record.rating.map { $0 <= rules.lowRatingAtMost } ?? false
        case .negativeFeedback: record.sentiment?.label == .negative && !record.feedbackMissing
        case .noShow: record.state == .noShow
        case .cancelledOrRescheduled: record.state == .cancelled || record.state == .rescheduled
        case .feedbackMissing:
            record.state == .completed && record.feedbackMissing && (feedbackDueAt(record).map { now >= $0 } ?? false)
        }
    }
}

extension Duration {
    /// Seconds as a Double, for date arithmetic.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
