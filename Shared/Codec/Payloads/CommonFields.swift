import Model

/// Fields that mean the same in many payloads, spelled once.
enum CommonFields {
    static let sessionID: Field<SessionID> = .required("session_id", .identifier)
    static let learnerID: Field<LearnerID> = .required("learner_id", .identifier)
    static let mentorID: Field<MentorID> = .required("mentor_id", .identifier)
}
