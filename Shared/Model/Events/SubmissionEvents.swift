// Published by ingest when a person hands something in about a session.

/// `feedback.submitted`: the learner rated and/or commented on a session.
public struct FeedbackSubmitted: EventPayload {
    public static let eventType = EventType.feedbackSubmitted
    public var sessionID: SessionID
    public var learnerID: LearnerID
    public var feedback: Feedback

    public init(sessionID: SessionID, learnerID: LearnerID, feedback: Feedback) {
        self.sessionID = sessionID
        self.learnerID = learnerID
        self.feedback = feedback
    }

    public var subject: SessionID? { sessionID }
}

/// `transcript.submitted`: notes or a speech-to-text transcript of a session.
public struct TranscriptSubmitted: EventPayload {
    public static let eventType = EventType.transcriptSubmitted
    public var sessionID: SessionID
    public var transcript: Transcript

    public init(sessionID: SessionID, transcript: Transcript) {
        self.sessionID = sessionID
        self.transcript = transcript
    }

    public var subject: SessionID? { sessionID }
}

/// `prework.submitted`: the learner's pre-session form.
public struct PreworkSubmitted: EventPayload {
    public static let eventType = EventType.preworkSubmitted
    public var sessionID: SessionID
    public var learnerID: LearnerID
    public var prework: Prework

    public init(sessionID: SessionID, learnerID: LearnerID, prework: Prework) {
        self.sessionID = sessionID
        self.learnerID = learnerID
        self.prework = prework
    }

    public var subject: SessionID? { sessionID }
}

/// `summary.approved`: the mentor reviewed the generated summary and made it final,
/// possibly after editing it. The text here wins over any generated draft.
public struct SummaryApproved: EventPayload {
    public static let eventType = EventType.summaryApproved
    public var sessionID: SessionID
    public var mentorID: MentorID
    public var text: String
    /// Whether the mentor changed the draft: a measure of summary quality.
    public var edited: Bool
    /// The draft version the mentor reviewed, when the LMS knows it.
    public var reviewedVersion: Int?

    public init(
        sessionID: SessionID, mentorID: MentorID, text: String, edited: Bool, reviewedVersion: Int? = nil
    ) {
        self.sessionID = sessionID
        self.mentorID = mentorID
        self.text = text
        self.edited = edited
        self.reviewedVersion = reviewedVersion
    }

    public var subject: SessionID? { sessionID }
}
