import Foundation
import Model

extension FollowUpBooked: WireObject {
    private enum Fields {
        static let followUpSessionID: Field<SessionID> = .required("follow_up_session_id", .identifier)
        static let scheduledAt: Field<Date> = .required("scheduled_at", .timestamp)
        static let durationMin: Field<Int> = .required("duration_min", .int(in: Limits.durationMinutes))
        static let ics: Field<String> = .required("ics", .text(maxLength: Limits.documentLength, allowEmpty: false))
    }

    static func read(from reader: ObjectReader) -> FollowUpBooked? {
        let sessionID = reader.read(CommonFields.sessionID)
        let followUpSessionID = reader.read(Fields.followUpSessionID)
        let scheduledAt = reader.read(Fields.scheduledAt)
        let durationMin = reader.read(Fields.durationMin)
        let ics = reader.read(Fields.ics)
        guard let sessionID, let followUpSessionID, let scheduledAt, let durationMin, let ics else { return nil }
        let followUp = FollowUp(sessionID: followUpSessionID, scheduledAt: scheduledAt, durationMin: durationMin, icsInvite: ics)
        return FollowUpBooked(sessionID: sessionID, followUp: followUp)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.followUpSessionID, followUp.sessionID)
        writer.write(Fields.scheduledAt, followUp.scheduledAt)
        writer.write(Fields.durationMin, followUp.durationMin)
        writer.write(Fields.ics, followUp.icsInvite)
    }
}

extension ReminderDue: WireObject {
    private enum Fields {
        static let reminderID: Field<ReminderID> = .required("reminder_id", .identifier)
        static let kind: Field<ReminderKind> = .required("kind", .oneOf)
        static let recipientRole: Field<RecipientRole> = .required("recipient_role", .oneOf)
        static let dueAt: Field<Date> = .required("due_at", .timestamp)
    }

    static func read(from reader: ObjectReader) -> ReminderDue? {
        let reminderID = reader.read(Fields.reminderID)
        let sessionID = reader.read(CommonFields.sessionID)
        let kind = reader.read(Fields.kind)
        let recipientRole = reader.read(Fields.recipientRole)
        let dueAt = reader.read(Fields.dueAt)
        guard let reminderID, let sessionID, let kind, let recipientRole, let dueAt else { return nil }
        return ReminderDue(
            reminder: Reminder(id: reminderID, sessionID: sessionID, kind: kind, recipientRole: recipientRole, dueAt: dueAt))
    }

    func write(to writer: inout JSONWriter) {
        writer.write(Fields.reminderID, reminder.id)
        writer.write(CommonFields.sessionID, reminder.sessionID)
        writer.write(Fields.kind, reminder.kind)
        writer.write(Fields.recipientRole, reminder.recipientRole)
        writer.write(Fields.dueAt, reminder.dueAt)
    }
}

private enum EscalationFields {
    static let escalationID: Field<EscalationID> = .required("escalation_id", .identifier)
}

/// Merged into `escalation.opened` and `escalation.breached`.
extension Escalation: WireObject {
    private enum Fields {
        static let pmCluster: Field<PMClusterID> = .required("pm_cluster", .identifier)
        static let openedAt: Field<Date> = .required("opened_at", .timestamp)
        static let dueAt: Field<Date> = .required("due_at", .timestamp)
        static let reasons: Field<[FlagReason]> = .required("reasons", .list(of: .oneOf))
    }

    static func read(from reader: ObjectReader) -> Escalation? {
        let id = reader.read(EscalationFields.escalationID)
        let sessionID = reader.read(CommonFields.sessionID)
        let pmCluster = reader.read(Fields.pmCluster)
        let openedAt = reader.read(Fields.openedAt)
        let dueAt = reader.read(Fields.dueAt)
        let reasons = reader.read(Fields.reasons)
        guard let id, let sessionID, let pmCluster, let openedAt, let dueAt, let reasons else { return nil }
        return Escalation(id: id, sessionID: sessionID, pmCluster: pmCluster, openedAt: openedAt, dueAt: dueAt, reasons: reasons)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(EscalationFields.escalationID, id)
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.pmCluster, pmCluster)
        writer.write(Fields.openedAt, openedAt)
        writer.write(Fields.dueAt, dueAt)
        writer.write(Fields.reasons, reasons)
    }
}

extension EscalationOpened: WireObject {
    static func read(from reader: ObjectReader) -> EscalationOpened? {
        Escalation.read(from: reader).map(EscalationOpened.init(escalation:))
    }

    func write(to writer: inout JSONWriter) {
        escalation.write(to: &writer)
    }
}

extension EscalationBreached: WireObject {
    private enum Fields {
        static let breachedAt: Field<Date> = .required("breached_at", .timestamp)
        static let escalatedTo: Field<EscalationLevel> = .required("escalated_to", .oneOf)
    }

    static func read(from reader: ObjectReader) -> EscalationBreached? {
        let escalation = Escalation.read(from: reader)
        let breachedAt = reader.read(Fields.breachedAt)
        let escalatedTo = reader.read(Fields.escalatedTo)
        guard let escalation, let breachedAt, let escalatedTo else { return nil }
        return EscalationBreached(escalation: escalation, breachedAt: breachedAt, escalatedTo: escalatedTo)
    }

    func write(to writer: inout JSONWriter) {
        escalation.write(to: &writer)
        writer.write(Fields.breachedAt, breachedAt)
        writer.write(Fields.escalatedTo, escalatedTo)
    }
}

extension EscalationAcknowledged: WireObject {
    private enum Fields {
        static let acknowledgedBy: Field<String> = .required("acknowledged_by", .name)
        static let acknowledgedAt: Field<Date> = .required("acknowledged_at", .timestamp)
    }

    static func read(from reader: ObjectReader) -> EscalationAcknowledged? {
        let escalationID = reader.read(EscalationFields.escalationID)
        let sessionID = reader.read(CommonFields.sessionID)
        let acknowledgedBy = reader.read(Fields.acknowledgedBy)
        let acknowledgedAt = reader.read(Fields.acknowledgedAt)
        guard let escalationID, let sessionID, let acknowledgedBy, let acknowledgedAt else { return nil }
        return EscalationAcknowledged(
            escalationID: escalationID, sessionID: sessionID, acknowledgedBy: acknowledgedBy, acknowledgedAt: acknowledgedAt)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(EscalationFields.escalationID, escalationID)
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.acknowledgedBy, acknowledgedBy)
        writer.write(Fields.acknowledgedAt, acknowledgedAt)
    }
}
