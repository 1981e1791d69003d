import Foundation
import Model

extension Mentor: WireObject {
    private enum Fields {
        static let id: Field<MentorID> = .required("id", .identifier)
        static let name: Field<String> = .required("name", .name)
    }

    static func read(from reader: ObjectReader) -> Mentor? {
        let id = reader.read(Fields.id)
        let name = reader.read(Fields.name)
        guard let id, let name else { return nil }
        return Mentor(id: id, name: name)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(Fields.id, id)
        writer.write(Fields.name, name)
    }
}

extension Learner: WireObject {
    private enum Fields {
        static let id: Field<LearnerID> = .required("id", .identifier)
        static let name: Field<String> = .required("name", .name)
        static let email: Field<String> = .required("email", .email)
    }

    static func read(from reader: ObjectReader) -> Learner? {
        let id = reader.read(Fields.id)
        let name = reader.read(Fields.name)
        let email = reader.read(Fields.email)
        guard let id, let name, let email else { return nil }
        return Learner(id: id, name: name, email: email)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(Fields.id, id)
        writer.write(Fields.name, name)
        writer.write(Fields.email, email)
    }
}

/// `session.scheduled` carries the booking's fields at the top of `data`.
extension SessionBooking: WireObject {
    private enum Fields {
        static let program: Field<String> = .required("program", .name)
        static let batch: Field<String> = .required("batch", .name)
        static let mentor: Field<Mentor> = .required("mentor", .object)
        static let learner: Field<Learner> = .required("learner", .object)
        static let sessionType: Field<SessionType> = .required("session_type", .label(maxLength: Limits.nameLength))
        static let scheduledAt: Field<Date> = .required("scheduled_at", .timestamp)
        static let scheduledDurationMin: Field<Int> = .required("scheduled_duration_min", .int(in: Limits.durationMinutes))
        static let pmCluster: Field<PMClusterID> = .required("pm_cluster", .identifier)
    }

    static func read(from reader: ObjectReader) -> SessionBooking? {
        let sessionID = reader.read(CommonFields.sessionID)
        let program = reader.read(Fields.program)
        let batch = reader.read(Fields.batch)
        let mentor = reader.read(Fields.mentor)
        let learner = reader.read(Fields.learner)
        let sessionType = reader.read(Fields.sessionType)
        let scheduledAt = reader.read(Fields.scheduledAt)
        let scheduledDurationMin = reader.read(Fields.scheduledDurationMin)
        let pmCluster = reader.read(Fields.pmCluster)
        guard let sessionID, let program, let batch, let mentor, let learner, let sessionType, let scheduledAt,
            let scheduledDurationMin, let pmCluster
        else { return nil }
        return SessionBooking(
            sessionID: sessionID, program: program, batch: batch, mentor: mentor, learner: learner,
            sessionType: sessionType, scheduledAt: scheduledAt, scheduledDurationMin: scheduledDurationMin,
            pmCluster: pmCluster)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.program, program)
        writer.write(Fields.batch, batch)
        writer.write(Fields.mentor, mentor)
        writer.write(Fields.learner, learner)
        writer.write(Fields.sessionType, sessionType)
        writer.write(Fields.scheduledAt, scheduledAt)
        writer.write(Fields.scheduledDurationMin, scheduledDurationMin)
        writer.write(Fields.pmCluster, pmCluster)
    }
}

/// Merged into each outcome event's `data`.
extension SessionOutcome: WireObject {
    private enum Fields {
        static let learnerAttended: Field<Attendance> = .required("learner_attended", .oneOf)
        static let mentorPrep: Field<MentorPrep> = .required("mentor_prep", .oneOf)
        static let followUpScheduled: Field<Bool> = .required("follow_up_scheduled", .bool)
    }

    static func read(from reader: ObjectReader) -> SessionOutcome? {
        let learnerAttended = reader.read(Fields.learnerAttended)
        let mentorPrep = reader.read(Fields.mentorPrep)
        let followUpScheduled = reader.read(Fields.followUpScheduled)
        guard let learnerAttended, let mentorPrep, let followUpScheduled else { return nil }
        return SessionOutcome(learnerAttended: learnerAttended, mentorPrep: mentorPrep, followUpScheduled: followUpScheduled)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(Fields.learnerAttended, learnerAttended)
        writer.write(Fields.mentorPrep, mentorPrep)
        writer.write(Fields.followUpScheduled, followUpScheduled)
    }
}

private enum LifecycleFields {
    /// Why a session did not take place as booked (cancelled, rescheduled).
    static let reason: Field<String> = .optional("reason", .text())
}

extension SessionScheduled: WireObject {
    static func read(from reader: ObjectReader) -> SessionScheduled? {
        SessionBooking.read(from: reader).map(SessionScheduled.init(booking:))
    }

    func write(to writer: inout JSONWriter) {
        booking.write(to: &writer)
    }
}

extension SessionCompleted: WireObject {
    private enum Fields {
        static let actualDurationMin: Field<Int> = .required("actual_duration_min", .int(in: Limits.durationMinutes))
    }

    static func read(from reader: ObjectReader) -> SessionCompleted? {
        let sessionID = reader.read(CommonFields.sessionID)
        let actualDurationMin = reader.read(Fields.actualDurationMin)
        let outcome = SessionOutcome.read(from: reader)
        guard let sessionID, let actualDurationMin, let outcome else { return nil }
        return SessionCompleted(sessionID: sessionID, actualDurationMin: actualDurationMin, outcome: outcome)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.actualDurationMin, actualDurationMin)
        outcome.write(to: &writer)
    }
}

extension SessionNoShow: WireObject {
    static func read(from reader: ObjectReader) -> SessionNoShow? {
        let sessionID = reader.read(CommonFields.sessionID)
        let outcome = SessionOutcome.read(from: reader)
        guard let sessionID, let outcome else { return nil }
        return SessionNoShow(sessionID: sessionID, outcome: outcome)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        outcome.write(to: &writer)
    }
}

extension SessionCancelled: WireObject {
    static func read(from reader: ObjectReader) -> SessionCancelled? {
        let sessionID = reader.read(CommonFields.sessionID)
        let reason = reader.read(LifecycleFields.reason)
        let outcome = SessionOutcome.read(from: reader)
        guard let sessionID, let outcome else { return nil }
        return SessionCancelled(sessionID: sessionID, reason: reason, outcome: outcome)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(LifecycleFields.reason, reason)
        outcome.write(to: &writer)
    }
}

extension SessionRescheduled: WireObject {
    private enum Fields {
        static let newScheduledAt: Field<Date> = .optional("new_scheduled_at", .timestamp)
    }

    static func read(from reader: ObjectReader) -> SessionRescheduled? {
        let sessionID = reader.read(CommonFields.sessionID)
        let newScheduledAt = reader.read(Fields.newScheduledAt)
        let reason = reader.read(LifecycleFields.reason)
        let outcome = SessionOutcome.read(from: reader)
        guard let sessionID, let outcome else { return nil }
        return SessionRescheduled(sessionID: sessionID, newScheduledAt: newScheduledAt, reason: reason, outcome: outcome)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.newScheduledAt, newScheduledAt)
        writer.write(LifecycleFields.reason, reason)
        outcome.write(to: &writer)
    }
}
