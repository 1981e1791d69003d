/// How a message reaches its recipient.
public enum NotificationChannel: String, CaseIterable, Sendable {
    case slack
    case email
    case webhook
}

/// Who a message is for; decides wording and channel.
public enum RecipientRole: String, CaseIterable, Sendable {
    case pm
    case mentor
    case learner
    case leadership
}

/// One message to one recipient over one channel. Whether it went out is told by the
/// event that carries it (`notification.sent` / `notification.failed`), so a record
/// cannot claim both.
public struct Notification: Sendable, Equatable {
    public var id: NotificationID
    public var sessionID: SessionID?
    /// The event that caused this message, for tracing a PM's alert back to its cause.
    public var trigger: EventType
    public var recipientRole: RecipientRole
    public var channel: NotificationChannel
    /// The address as it may appear in logs and dashboards ("d***@example.com"),
    /// never the full one.
    public var maskedRecipient: String

    public init(
        id: NotificationID, sessionID: SessionID?, trigger: EventType, recipientRole: RecipientRole,
        channel: NotificationChannel, maskedRecipient: String
    ) {
        self.id = id
        self.sessionID = sessionID
        self.trigger = trigger
        self.recipientRole = recipientRole
        self.channel = channel
        self.maskedRecipient = maskedRecipient
    }
}
