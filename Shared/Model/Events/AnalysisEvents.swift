// Published by the sentiment, summary and insights services about what they derived.

/// `feedback.scored`: the sentiment of a feedback comment.
public struct FeedbackScored: EventPayload {
    public static let eventType = EventType.feedbackScored
    public var sessionID: SessionID
    public var result: SentimentResult
    /// The learner left no comment (empty or only whitespace): "feedback missing" for PMs.
    /// Added after the first version; readers take an absent field as false.
    public var feedbackMissing: Bool

    public init(sessionID: SessionID, result: SentimentResult, feedbackMissing: Bool = false) {
        self.sessionID = sessionID
        self.result = result
        self.feedbackMissing = feedbackMissing
    }

    public var subject: SessionID? { sessionID }
}

/// `summary.generated`: a new version of a session's summary (draft, then revised).
public struct SummaryGenerated: EventPayload {
    public static let eventType = EventType.summaryGenerated
    public var sessionID: SessionID
    public var summary: SessionSummary

    public init(sessionID: SessionID, summary: SessionSummary) {
        self.sessionID = sessionID
        self.summary = summary
    }

    public var subject: SessionID? { sessionID }
}

/// `agenda.generated`: the agenda and mentor checklist for an upcoming session.
public struct AgendaGenerated: EventPayload {
    public static let eventType = EventType.agendaGenerated
    public var sessionID: SessionID
    public var agenda: Agenda

    public init(sessionID: SessionID, agenda: Agenda) {
        self.sessionID = sessionID
        self.agenda = agenda
    }

    public var subject: SessionID? { sessionID }
}

/// `session.flagged`: a session's early-warning level changed.
public struct SessionFlagged: EventPayload {
    public static let eventType = EventType.sessionFlagged
    public var sessionID: SessionID
    public var flag: Flag
    /// Where to route the PM alert; nil when the booking has not been seen yet
    /// (events may arrive out of order).
    public var pmCluster: PMClusterID?

    public init(sessionID: SessionID, flag: Flag, pmCluster: PMClusterID? = nil) {
        self.sessionID = sessionID
        self.flag = flag
        self.pmCluster = pmCluster
    }

    public var subject: SessionID? { sessionID }
}
