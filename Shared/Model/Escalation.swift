import Foundation

/// Who answers for an escalation: the cluster's PM first, leadership once the PM's
/// window (48 h) has passed.
public enum EscalationLevel: String, CaseIterable, Sendable {
    case pm
    case leadership
}

/// A session a PM must act on by `dueAt`.
public struct Escalation: Sendable, Equatable {
    public var id: EscalationID
    public var sessionID: SessionID
    public var pmCluster: PMClusterID
    public var openedAt: Date
    public var dueAt: Date
    /// The flag reasons that opened it, so the PM sees why without a lookup.
    public var reasons: [FlagReason]

    public init(
        id: EscalationID, sessionID: SessionID, pmCluster: PMClusterID, openedAt: Date, dueAt: Date,
        reasons: [FlagReason]
    ) {
        self.id = id
        self.sessionID = sessionID
        self.pmCluster = pmCluster
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.reasons = reasons
    }
}
