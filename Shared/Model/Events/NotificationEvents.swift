// Published by the alert service: one event per recipient and channel.

/// `notification.sent`: the message was handed to its channel.
public struct NotificationSent: EventPayload {
    public static let eventType = EventType.notificationSent
    public var notification: Notification

    public init(notification: Notification) { self.notification = notification }

    public var subject: SessionID? { notification.sessionID }
}

/// `notification.failed`: the channel refused or timed out.
public struct NotificationFailed: EventPayload {
    public static let eventType = EventType.notificationFailed
    public var notification: Notification
    /// The channel's error, for the PM dashboard and the on-call engineer.
    public var error: String
    /// Attempts made so far, including this one.
    public var attempts: Int
    /// Whether the alert service will try again; false means this message is given up.
    public var willRetry: Bool

    public init(notification: Notification, error: String, attempts: Int, willRetry: Bool) {
        self.notification = notification
        self.error = error
        self.attempts = attempts
        self.willRetry = willRetry
    }

    public var subject: SessionID? { notification.sessionID }
}
