import Foundation
import Model
import SentimentAnalysis

/// The sentiment service's reading of a session's comment, as the read model keeps it.
public struct SentimentSnapshot: Sendable, Equatable {
    public var label: SentimentLabel
    public var score: Double
    public var aspects: [Aspect]
    public var language: FeedbackLanguage
    /// The comment was empty. Records never carry such a reading (an empty comment has no
    /// sentiment; `SessionRecord.feedbackMissing` says it), so this is false in the read model.
    public var feedbackMissing: Bool

    public init(label: SentimentLabel, score: Double, aspects: [Aspect], language: FeedbackLanguage, feedbackMissing: Bool = false) {
        self.label = label
        self.score = score
        self.aspects = aspects
        self.language = language
        self.feedbackMissing = feedbackMissing
    }
}

/// The newest summary of a session: the mentor-approved text once there is one, else the
/// highest generated version.
public struct SummarySnapshot: Sendable, Equatable {
    public var text: String
    public var status: SummaryStatus
    public var version: Int
    public var keyPhrases: [String]
    public var actionItems: [ActionItem]

    public init(text: String, status: SummaryStatus, version: Int, keyPhrases: [String], actionItems: [ActionItem]) {
        self.text = text
        self.status = status
        self.version = version
        self.keyPhrases = keyPhrases
        self.actionItems = actionItems
    }
}

/// A session's early-warning level with the reasons that made it so (empty for green).
public struct FlagAssessment: Sendable, Equatable {
    public var level: FlagLevel
    /// In `FlagReason.allCases` order, so equal assessments compare equal.
    public var reasons: [FlagReason]

    public init(level: FlagLevel, reasons: [FlagReason]) {
        self.level = level
        self.reasons = reasons
    }

    public static let green = FlagAssessment(level: .green, reasons: [])
}

/// One session as the insights read model knows it: what every event about it has said so
/// far, folded in a fixed order (so the same events give the same record whatever order they
/// arrived in), plus its early-warning flag. Fields stay nil until an event has said them:
/// feedback can arrive before the booking.
public struct SessionRecord: Sendable, Equatable {
    public var sessionID: SessionID
    // From session.scheduled.
    public var program: String?
    public var batch: String?
    public var mentorID: MentorID?
    public var mentorName: String?
    public var pmCluster: PMClusterID?
    public var learnerID: LearnerID?
    public var learnerName: String?
    /// Personal data: show it masked (`EmailMasking.mask`) outside the session page.
    public var learnerEmail: String?
    public var sessionType: SessionType?
    public var scheduledAt: Date?
    public var scheduledDurationMin: Int?
    // From the outcome event.
    public var state: SessionState
    public var actualDurationMin: Int?
    public var learnerAttended: Bool?
    public var mentorPrep: MentorPrep?
    public var followUpScheduled: Bool?
    /// When the outcome event says it happened (used for the feedback grace period when the
    /// booking has not been seen).
    public var outcomeAt: Date?
    // From feedback.submitted / feedback.scored.
    public var rating: Int?
    public var comment: String?
    public var sentiment: SentimentSnapshot?
    // From summary.generated / summary.approved.
    public var summary: SummarySnapshot?
    /// Derived by `FlagEvaluator` from the fields above and the clock.
    public var flag: FlagAssessment
    /// followup.booked events seen for this session.
    public var followUpsBooked: Int
    /// The newest event time among the session's events.
    public var lastEventAt: Date?

    public init(
        sessionID: SessionID, program: String? = nil, batch: String? = nil, mentorID: MentorID? = nil, mentorName: String? = nil,
        pmCluster: PMClusterID? = nil, learnerID: LearnerID? = nil, learnerName: String? = nil, learnerEmail: String? = nil,
        sessionType: SessionType? = nil, scheduledAt: Date? = nil, scheduledDurationMin: Int? = nil, state: SessionState = .scheduled,
        actualDurationMin: Int? = nil, learnerAttended: Bool? = nil, mentorPrep: MentorPrep? = nil, followUpScheduled: Bool? = nil,
        outcomeAt: Date? = nil, rating: Int? = nil, comment: String? = nil, sentiment: SentimentSnapshot? = nil,
        summary: SummarySnapshot? = nil, flag: FlagAssessment = .green, followUpsBooked: Int = 0, lastEventAt: Date? = nil
    ) {
        self.sessionID = sessionID
        self.program = program
        self.batch = batch
        self.mentorID = mentorID
        self.mentorName = mentorName
        self.pmCluster = pmCluster
        self.learnerID = learnerID
        self.learnerName = learnerName
        self.learnerEmail = learnerEmail
        self.sessionType = sessionType
        self.scheduledAt = scheduledAt
        self.scheduledDurationMin = scheduledDurationMin
        self.state = state
        self.actualDurationMin = actualDurationMin
        self.learnerAttended = learnerAttended
        self.mentorPrep = mentorPrep
        self.followUpScheduled = followUpScheduled
        self.outcomeAt = outcomeAt
        self.rating = rating
        self.comment = comment
        self.sentiment = sentiment
        self.summary = summary
        self.flag = flag
        self.followUpsBooked = followUpsBooked
        self.lastEventAt = lastEventAt
    }

    /// The learner left no comment (DESIGN: "feedback missing = empty comment"). A scored
    /// comment counts as present even before its feedback.submitted arrives.
    public var feedbackMissing: Bool {
        if let comment { return SentimentAnalyzer.isMissing(comment) }
        return sentiment.map(\.feedbackMissing) ?? true
    }

    /// A follow-up exists: marked in the LMS outcome, or booked by the scheduler.
    public var hasFollowUp: Bool { followUpScheduled == true || followUpsBooked > 0 }

    /// When the session ended (or would have): booking time plus the actual (else scheduled)
    /// duration; the outcome event's time when the booking is unknown.
    public var endedAt: Date? {
        if let scheduledAt {
            return scheduledAt.addingTimeInterval(Double((actualDurationMin ?? scheduledDurationMin ?? 0) * 60))
        }
        return outcomeAt
    }
}
