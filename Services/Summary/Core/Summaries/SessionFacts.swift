import Foundation
import Model

/// Everything the summary service knows about one session, folded from events in whatever order
/// they arrived. The summary is a function of this, never of the last event alone.
public struct SessionFacts: Sendable, Equatable {
    public var sessionID: SessionID
    public var booking: SessionBooking?
    public var outcome: RecordedOutcome?
    public var feedback: RecordedFeedback?
    public var sentiment: RecordedSentiment?
    public var transcript: TranscriptNotes?

    public init(
        sessionID: SessionID, booking: SessionBooking? = nil, outcome: RecordedOutcome? = nil, feedback: RecordedFeedback? = nil,
        sentiment: RecordedSentiment? = nil, transcript: TranscriptNotes? = nil
    ) {
        self.sessionID = sessionID
        self.booking = booking
        self.outcome = outcome
        self.feedback = feedback
        self.sentiment = sentiment
        self.transcript = transcript
    }
}

/// How the session ended, from whichever status event said so.
public struct RecordedOutcome: Sendable, Equatable {
    public var status: SessionStatus
    public var actualDurationMin: Int?
    public var outcome: SessionOutcome
    public var reason: String?
    public var newScheduledAt: Date?

    public init(status: SessionStatus, actualDurationMin: Int? = nil, outcome: SessionOutcome, reason: String? = nil, newScheduledAt: Date? = nil) {
        self.status = status
        self.actualDurationMin = actualDurationMin
        self.outcome = outcome
        self.reason = reason
        self.newScheduledAt = newScheduledAt
    }

    /// A session that was rescheduled may later complete (or be cancelled); that later, final
    /// status is kept even when the rescheduled event arrives after it.
    public func isReplaced(by newer: RecordedOutcome) -> Bool {
        !(newer.status == .rescheduled && status != .rescheduled)
    }
}

/// The learner's rating and comment, with the comment's key phrases.
public struct RecordedFeedback: Sendable, Equatable {
    public var rating: Int?
    public var comment: String
    public var keyPhrases: [String]

    public init(rating: Int?, comment: String, keyPhrases: [String]) {
        self.rating = rating
        self.comment = comment
        self.keyPhrases = keyPhrases
    }

    public var hasComment: Bool { !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

/// The sentiment service's reading of the comment (`feedback.scored`).
public struct RecordedSentiment: Sendable, Equatable {
    public var label: SentimentLabel
    public var aspects: [Aspect]
    public var feedbackMissing: Bool

    public init(label: SentimentLabel, aspects: [Aspect], feedbackMissing: Bool) {
        self.label = label
        self.aspects = aspects
        self.feedbackMissing = feedbackMissing
    }
}
