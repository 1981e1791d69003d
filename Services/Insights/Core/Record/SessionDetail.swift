import Foundation
import Model

/// One change of a session's early-warning level, as published in `session.flagged`: a level
/// that has held for the settle window, against the last published level.
public struct FlagChange: Sendable, Equatable {
    public var sessionID: SessionID
    /// 1, 2, ... per session: the change's place in the session's flag history.
    public var sequence: Int
    public var level: FlagLevel
    public var previousLevel: FlagLevel
    public var reasons: [FlagReason]
    public var pmCluster: PMClusterID?
    /// The store clock's time since when the level held (it was published a settle window later).
    public var at: Date
    /// What recorded it: `sweep` (the only publisher since the settle window; older stores also
    /// hold `event:<source> <id>` and `batch` rows from when events published at once).
    public var cause: String

    public init(
        sessionID: SessionID, sequence: Int, level: FlagLevel, previousLevel: FlagLevel, reasons: [FlagReason], pmCluster: PMClusterID?,
        at: Date, cause: String
    ) {
        self.sessionID = sessionID
        self.sequence = sequence
        self.level = level
        self.previousLevel = previousLevel
        self.reasons = reasons
        self.pmCluster = pmCluster
        self.at = at
        self.cause = cause
    }

    /// The `session.flagged` payload announcing this change.
    public var payload: SessionFlagged {
        SessionFlagged(sessionID: sessionID, flag: Flag(level: level, previousLevel: previousLevel, reasons: reasons), pmCluster: pmCluster)
    }
}

/// A follow-up booked after the session (`followup.booked`).
public struct FollowUpEntry: Sendable, Equatable {
    public var followUpSessionID: SessionID
    public var scheduledAt: Date
    public var durationMin: Int
    public var bookedAt: Date

    public init(followUpSessionID: SessionID, scheduledAt: Date, durationMin: Int, bookedAt: Date) {
        self.followUpSessionID = followUpSessionID
        self.scheduledAt = scheduledAt
        self.durationMin = durationMin
        self.bookedAt = bookedAt
    }
}

/// The newest delivery outcome of one notification about the session.
public struct NotificationEntry: Sendable, Equatable {
    public var notificationID: NotificationID
    public var trigger: EventType
    public var recipientRole: RecipientRole
    public var channel: NotificationChannel
    public var maskedRecipient: String
    public var delivered: Bool
    /// The channel's error when it failed.
    public var error: String?
    public var attempts: Int?
    public var at: Date

    public init(
        notificationID: NotificationID, trigger: EventType, recipientRole: RecipientRole, channel: NotificationChannel, maskedRecipient: String,
        delivered: Bool, error: String? = nil, attempts: Int? = nil, at: Date
    ) {
        self.notificationID = notificationID
        self.trigger = trigger
        self.recipientRole = recipientRole
        self.channel = channel
        self.maskedRecipient = maskedRecipient
        self.delivered = delivered
        self.error = error
        self.attempts = attempts
        self.at = at
    }
}

/// An escalation about the session and where it stands.
public struct EscalationEntry: Sendable, Equatable {
    public var escalationID: EscalationID
    public var openedAt: Date?
    public var dueAt: Date?
    public var reasons: [FlagReason]
    public var breachedAt: Date?
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?

    public init(
        escalationID: EscalationID, openedAt: Date? = nil, dueAt: Date? = nil, reasons: [FlagReason] = [], breachedAt: Date? = nil,
        acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil
    ) {
        self.escalationID = escalationID
        self.openedAt = openedAt
        self.dueAt = dueAt
        self.reasons = reasons
        self.breachedAt = breachedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
    }

    /// Open: neither acknowledged nor (yet) known.
    public var isOpen: Bool { acknowledgedAt == nil }
}

/// Everything the session page shows: the record plus its histories.
public struct SessionDetail: Sendable, Equatable {
    public var record: SessionRecord
    /// The published level changes, oldest first (a level that flipped back within the settle
    /// window never appears; the live level is `record.flag`).
    public var flagHistory: [FlagChange]
    public var followUps: [FollowUpEntry]
    public var notifications: [NotificationEntry]
    public var escalations: [EscalationEntry]
    /// Whether notes/transcript, pre-work and an agenda have been seen, for the session page.
    public var hasTranscript: Bool
    public var hasPrework: Bool
    public var agenda: Agenda?

    public init(
        record: SessionRecord, flagHistory: [FlagChange] = [], followUps: [FollowUpEntry] = [], notifications: [NotificationEntry] = [],
        escalations: [EscalationEntry] = [], hasTranscript: Bool = false, hasPrework: Bool = false, agenda: Agenda? = nil
    ) {
        self.record = record
        self.flagHistory = flagHistory
        self.followUps = followUps
        self.notifications = notifications
        self.escalations = escalations
        self.hasTranscript = hasTranscript
        self.hasPrework = hasPrework
        self.agenda = agenda
    }
}
