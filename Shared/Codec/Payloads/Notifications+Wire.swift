import Model

/// Merged into `notification.sent` and `notification.failed`.
extension Notification: WireObject {
    private enum Fields {
        static let notificationID: Field<NotificationID> = .required("notification_id", .identifier)
        /// Optional: some notifications (digests, reports) concern no single session.
        static let sessionID: Field<SessionID> = .optional("session_id", .identifier)
        static let trigger: Field<EventType> = .required("trigger", .oneOf)
        static let recipientRole: Field<RecipientRole> = .required("recipient_role", .oneOf)
        static let channel: Field<NotificationChannel> = .required("channel", .oneOf)
        static let maskedRecipient: Field<String> = .required("masked_recipient", .name)
    }

    static func read(from reader: ObjectReader) -> Notification? {
        let id = reader.read(Fields.notificationID)
        let sessionID = reader.read(Fields.sessionID)
        let trigger = reader.read(Fields.trigger)
        let recipientRole = reader.read(Fields.recipientRole)
        let channel = reader.read(Fields.channel)
        let maskedRecipient = reader.read(Fields.maskedRecipient)
        guard let id, let trigger, let recipientRole, let channel, let maskedRecipient else { return nil }
        return Notification(
            id: id, sessionID: sessionID, trigger: trigger, recipientRole: recipientRole, channel: channel,
            maskedRecipient: maskedRecipient)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(Fields.notificationID, id)
        writer.write(Fields.sessionID, sessionID)
        writer.write(Fields.trigger, trigger)
        writer.write(Fields.recipientRole, recipientRole)
        writer.write(Fields.channel, channel)
        writer.write(Fields.maskedRecipient, maskedRecipient)
    }
}

extension NotificationSent: WireObject {
    static func read(from reader: ObjectReader) -> NotificationSent? {
        Notification.read(from: reader).map(NotificationSent.init(notification:))
    }

    func write(to writer: inout JSONWriter) {
        notification.write(to: &writer)
    }
}

extension NotificationFailed: WireObject {
    private enum Fields {
        static let error: Field<String> = .required("error", .nonEmptyText)
        static let attempts: Field<Int> = .required("attempts", .int(in: Limits.attempts))
        static let willRetry: Field<Bool> = .required("will_retry", .bool)
    }

    static func read(from reader: ObjectReader) -> NotificationFailed? {
        let notification = Notification.read(from: reader)
        let error = reader.read(Fields.error)
        let attempts = reader.read(Fields.attempts)
        let willRetry = reader.read(Fields.willRetry)
        guard let notification, let error, let attempts, let willRetry else { return nil }
        return NotificationFailed(notification: notification, error: error, attempts: attempts, willRetry: willRetry)
    }

    func write(to writer: inout JSONWriter) {
        notification.write(to: &writer)
        writer.write(Fields.error, error)
        writer.write(Fields.attempts, attempts)
        writer.write(Fields.willRetry, willRetry)
    }
}
