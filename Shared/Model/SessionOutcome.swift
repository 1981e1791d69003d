/// Whether the learner attended (the CSV `learner_attended` column, Yes/No).
public enum Attendance: String, CaseIterable, Sendable {
    case attended = "Yes"
    case absent = "No"
}

/// Whether the mentor marked themselves prepared (the CSV `mentor_prep` column).
///
/// Kept at three levels because the data shows the middle one matters: sessions with
/// partial prep rate about as low as sessions with none.
public enum MentorPrep: String, CaseIterable, Sendable {
    case yes = "Yes"
    case partial = "Partial"
    case no = "No"
}

/// What the LMS records about every session, whatever its status.
///
/// Every outcome event (completed, no-show, cancelled, rescheduled) carries it, because
/// the early-warning rules look at prep and follow-up for all sessions, not only the
/// completed ones.
public struct SessionOutcome: Sendable, Equatable {
    public var learnerAttended: Attendance
    public var mentorPrep: MentorPrep
    public var followUpScheduled: Bool

    public init(learnerAttended: Attendance, mentorPrep: MentorPrep, followUpScheduled: Bool) {
        self.learnerAttended = learnerAttended
        self.mentorPrep = mentorPrep
        self.followUpScheduled = followUpScheduled
    }
}
