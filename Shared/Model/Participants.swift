/// A mentor as a session booking names them.
public struct Mentor: Sendable, Equatable {
    public var id: MentorID
    public var name: String

    public init(id: MentorID, name: String) {
        self.id = id
        self.name = name
    }
}

/// A learner as a session booking names them. The email is personal data: log it
/// only through `EmailMasking.mask(_:)`.
public struct Learner: Sendable, Equatable {
    public var id: LearnerID
    public var name: String
    public var email: String

    public init(id: LearnerID, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email
    }
}

/// A group of sessions one Program Manager looks after ("cluster-a"). Escalations and
/// PM alerts are routed by cluster, so the manager's contact lives here.
public struct PMCluster: Sendable, Equatable {
    public var id: PMClusterID
    public var managerName: String
    public var managerEmail: String

    public init(id: PMClusterID, managerName: String, managerEmail: String) {
        self.id = id
        self.managerName = managerName
        self.managerEmail = managerEmail
    }
}
