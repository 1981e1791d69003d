import Foundation
import Model

/// Which sessions a query wants. Every field nil = no restriction on it. The web layer puts a
/// PM's access scope in `pmClusters`, so scoping and filtering are one mechanism.
public struct SessionFilter: Sendable, Equatable {
    public var mentorID: MentorID?
    /// nil = every cluster; an empty set = none (a user without clusters sees nothing).
    public var pmClusters: Set<PMClusterID>?
    public var sessionType: SessionType?
    /// Inclusive lower bound on `scheduledAt`.
    public var scheduledFrom: Date?
    /// Exclusive upper bound on `scheduledAt`.
    public var scheduledTo: Date?
    public var sentiment: SentimentLabel?
    public var flagLevel: FlagLevel?
    public var state: SessionState?
    public var learnerID: LearnerID?

    public init(
        mentorID: MentorID? = nil, pmClusters: Set<PMClusterID>? = nil, sessionType: SessionType? = nil, scheduledFrom: Date? = nil,
        scheduledTo: Date? = nil, sentiment: SentimentLabel? = nil, flagLevel: FlagLevel? = nil, state: SessionState? = nil,
        learnerID: LearnerID? = nil
    ) {
        self.mentorID = mentorID
        self.pmClusters = pmClusters
        self.sessionType = sessionType
        self.scheduledFrom = scheduledFrom
        self.scheduledTo = scheduledTo
        self.sentiment = sentiment
        self.flagLevel = flagLevel
        self.state = state
        self.learnerID = learnerID
    }

    public static let all = SessionFilter()

    /// The same check the store's SQL makes, for records already in memory.
    public func matches(_ record: SessionRecord) -> Bool {
        if let mentorID, record.mentorID != mentorID { return false }
        if let pmClusters {
            guard let cluster = record.pmCluster, pmClusters.contains(cluster) else { return false }
        }
        if let sessionType, record.sessionType != sessionType { return false }
        if let scheduledFrom {
            guard let at = record.scheduledAt, at >= scheduledFrom else { return false }
        }
        if let scheduledTo {
            guard let at = record.scheduledAt, at < scheduledTo else { return false }
        }
        if let sentiment, record.sentiment?.label != sentiment { return false }
        if let flagLevel, record.flag.level != flagLevel { return false }
        if let state, record.state != state { return false }
        if let learnerID, record.learnerID != learnerID { return false }
        return true
    }
}

/// One page of a session listing: newest scheduled first, then by session id.
public struct SessionPage: Sendable, Equatable {
    /// How many sessions match the filter in all.
    public var total: Int
    public var items: [SessionRecord]

    public init(total: Int, items: [SessionRecord]) {
        self.total = total
        self.items = items
    }
}
