import Codec
import Foundation
import Model

/// Folds every event known about one session into its record and histories.
///
/// Pure and order-independent: the events are sorted by (time, event type, source, id) before
/// folding, and each field takes the value of the last event in that order that says it
/// (summaries: the highest version, an approved text over any draft). So events that arrive late,
/// twice or shuffled give the same result as the in-order stream. The flag is not folded from
/// events; `FlagEvaluator` derives it from the folded record.
public enum SessionProjection {
    public static func fold(sessionID: SessionID, events: [CloudEvent]) -> SessionDetail {
        var record = SessionRecord(sessionID: sessionID)
        var detail = SessionDetail(record: record)
        var followUps: [SessionID: FollowUpEntry] = [:]
        var notifications: [NotificationID: NotificationEntry] = [:]
        var escalations: [EscalationID: EscalationEntry] = [:]
        var generated: SessionSummary?
        var approved: SummaryApproved?

        for event in ordered(events) {
            record.lastEventAt = max(record.lastEventAt ?? event.time, event.time)
            switch event.data {
            case .sessionScheduled(let scheduled):
                let booking = scheduled.booking
                record.program = booking.program
                record.batch = booking.batch
                record.mentorID = booking.mentor.id
                record.mentorName = booking.mentor.name
                record.pmCluster = booking.pmCluster
                record.learnerID = booking.learner.id
                record.learnerName = booking.learner.name
                record.learnerEmail = booking.learner.email
                record.sessionType = booking.sessionType
                record.scheduledAt = booking.scheduledAt
                record.scheduledDurationMin = booking.scheduledDurationMin
            case .sessionCompleted(let completed):
                apply(outcome: completed.outcome, state: .completed, at: event.time, to: &record)
                record.actualDurationMin = completed.actualDurationMin
            case .sessionNoShow(let noShow):
                apply(outcome: noShow.outcome, state: .noShow, at: event.time, to: &record)
            case .sessionCancelled(let cancelled):
                apply(outcome: cancelled.outcome, state: .cancelled, at: event.time, to: &record)
            case .sessionRescheduled(let rescheduled):
                apply(outcome: rescheduled.outcome, state: .rescheduled, at: event.time, to: &record)
            case .feedbackSubmitted(let submitted):
                record.rating = submitted.feedback.rating
                record.comment = submitted.feedback.comment
                if record.learnerID == nil { record.learnerID = submitted.learnerID }
            case .feedbackScored(let scored):
                // An empty comment has no sentiment to show or filter by: it is "feedback missing".
                guard !scored.feedbackMissing else {
                    record.sentiment = nil
                    continue
                }
                record.sentiment = SentimentSnapshot(
                    label: scored.result.label, score: scored.result.score, aspects: scored.result.aspects, language: scored.result.language,
                    feedbackMissing: scored.feedbackMissing)
            case .summaryGenerated(let summary):
                if generated.map({ summary.summary.version >= $0.version }) ?? true { generated = summary.summary }
            case .summaryApproved(let summary):
                if approved.map({ (summary.reviewedVersion ?? 0) >= ($0.reviewedVersion ?? 0) }) ?? true { approved = summary }
            case .transcriptSubmitted:
                detail.hasTranscript = true
            case .preworkSubmitted:
                detail.hasPrework = true
            case .agendaGenerated(let agenda):
                detail.agenda = agenda.agenda
            case .followUpBooked(let booked):
                followUps[booked.followUp.sessionID] = FollowUpEntry(
                    followUpSessionID: booked.followUp.sessionID, scheduledAt: booked.followUp.scheduledAt,
                    durationMin: booked.followUp.durationMin, bookedAt: event.time)
            case .notificationSent(let sent):
                let note = sent.notification
                notifications[note.id] = NotificationEntry(
                    notificationID: note.id, trigger: note.trigger, recipientRole: note.recipientRole, channel: note.channel,
                    maskedRecipient: note.maskedRecipient, delivered: true, at: event.time)
            case .notificationFailed(let failed):
                let note = failed.notification
                // A later success of the same message wins over an earlier failure (events are in time order).
                notifications[note.id] = NotificationEntry(
                    notificationID: note.id, trigger: note.trigger, recipientRole: note.recipientRole, channel: note.channel,
                    maskedRecipient: note.maskedRecipient, delivered: false, error: failed.error, attempts: failed.attempts, at: event.time)
            case .escalationOpened(let opened):
                var entry = escalations[opened.escalation.id] ?? EscalationEntry(escalationID: opened.escalation.id)
                entry.openedAt = opened.escalation.openedAt
                entry.dueAt = opened.escalation.dueAt
                entry.reasons = opened.escalation.reasons
                escalations[opened.escalation.id] = entry
            case .escalationBreached(let breached):
                var entry = escalations[breached.escalation.id] ?? EscalationEntry(escalationID: breached.escalation.id)
                entry.openedAt = entry.openedAt ?? breached.escalation.openedAt
                entry.dueAt = entry.dueAt ?? breached.escalation.dueAt
                if entry.reasons.isEmpty { entry.reasons = breached.escalation.reasons }
                entry.breachedAt = breached.breachedAt
                escalations[breached.escalation.id] = entry
            case .escalationAcknowledged(let acknowledged):
                var entry = escalations[acknowledged.escalationID] ?? EscalationEntry(escalationID: acknowledged.escalationID)
                entry.acknowledgedBy = acknowledged.acknowledgedBy
                entry.acknowledgedAt = acknowledged.acknowledgedAt
                escalations[acknowledged.escalationID] = entry
            case .sessionFlagged, .reminderDue:
                // Our own output (the flag is derived, not folded) and scheduler chatter.
                break
            }
        }

        if let approved {
            record.summary = SummarySnapshot(
                text: approved.text, status: .final, version: max(approved.reviewedVersion ?? 0, generated?.version ?? 0, 1),
                keyPhrases: generated?.keyPhrases ?? [], actionItems: generated?.actionItems ?? [])
        } else if let generated {
            record.summary = SummarySnapshot(
                text: generated.text, status: generated.status, version: generated.version, keyPhrases: generated.keyPhrases,
                actionItems: generated.actionItems)
        }
        record.followUpsBooked = followUps.count
        detail.record = record
        detail.followUps = followUps.values.sorted { ($0.scheduledAt, $0.followUpSessionID) < ($1.scheduledAt, $1.followUpSessionID) }
        detail.notifications = notifications.values.sorted { ($0.at, $0.notificationID) < ($1.at, $1.notificationID) }
        detail.escalations = escalations.values.sorted { $0.escalationID < $1.escalationID }
        return detail
    }

    /// The fixed fold order, `EventOrder`: event time, then the catalogue order of the type (a
    /// booking before its outcome before its feedback when the LMS stamps them alike), then source
    /// and id. The summary service keeps its facts by the same rule.
    public static func ordered(_ events: [CloudEvent]) -> [CloudEvent] {
        events.sorted { $0.order < $1.order }
    }

    private static func apply(outcome: SessionOutcome, state: SessionState, at time: Date, to record: inout SessionRecord) {
        record.state = state
        record.learnerAttended = outcome.learnerAttended == .attended
        record.mentorPrep = outcome.mentorPrep
        record.followUpScheduled = outcome.followUpScheduled
        record.outcomeAt = time
        if state != .completed { record.actualDurationMin = nil }
    }
}
