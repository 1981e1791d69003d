import Foundation

/// A session as booked: who, what, when, and which PM cluster answers for it.
///
/// Everything later (outcome, feedback, flags) refers back to it by `sessionID` only,
/// so the booking is the one record that carries names and contacts.
public struct SessionBooking: Sendable, Equatable {
    public var sessionID: SessionID
    public var program: String
    public var batch: String
    public var mentor: Mentor
    public var learner: Learner
    public var sessionType: SessionType
    public var scheduledAt: Date
    public var scheduledDurationMin: Int
    public var pmCluster: PMClusterID

    public init(
        sessionID: SessionID, program: String, batch: String, mentor: Mentor, learner: Learner,
        sessionType: SessionType, scheduledAt: Date, scheduledDurationMin: Int, pmCluster: PMClusterID
    ) {
        self.sessionID = sessionID
        self.program = program
        self.batch = batch
        self.mentor = mentor
        self.learner = learner
        self.sessionType = sessionType
        self.scheduledAt = scheduledAt
        self.scheduledDurationMin = scheduledDurationMin
        self.pmCluster = pmCluster
    }
}
