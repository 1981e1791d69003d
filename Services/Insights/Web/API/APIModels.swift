import Foundation
import InsightsCore
import Model

/// A session as the JSON API shows it (snake_case, ISO 8601 times; the learner's e-mail masked).
struct SessionJSON: Encodable {
    struct Sentiment: Encodable {
        let label: String
        let score: Double
        let aspects: [String]
        let language: String
    }
    struct Summary: Encodable {
        let text: String
        let status: String
        let version: Int
        let key_phrases: [String]
        let action_items: [String]
    }
    struct FlagJSON: Encodable {
        let level: String
        let reasons: [String]
    }
    let session_id: String
    let program: String?
    let batch: String?
    let mentor_id: String?
    let mentor_name: String?
    let pm_cluster: String?
    let learner_id: String?
    let learner_name: String?
    let learner_email_masked: String?
    let session_type: String?
    let scheduled_at: Date?
    let scheduled_duration_min: Int?
    let actual_duration_min: Int?
    let state: String
    let learner_attended: Bool?
    let mentor_prep: String?
    let follow_up_scheduled: Bool?
    let rating: Int?
    let comment: String?
    let feedback_missing: Bool
    let sentiment: Sentiment?
    let summary: Summary?
    let flag: FlagJSON
    let follow_ups_booked: Int
    let last_event_at: Date?

    init(_ record: SessionRecord) {
        session_id = record.sessionID.rawValue
        program = record.program
        batch = record.batch
        mentor_id = record.mentorID?.rawValue
        mentor_name = record.mentorName
        pm_cluster = record.pmCluster?.rawValue
        learner_id = record.learnerID?.rawValue
        learner_name = record.learnerName
        learner_email_masked = record.learnerEmail.map(EmailMasking.mask)
        session_type = record.sessionType?.rawValue
        scheduled_at = record.scheduledAt
        scheduled_duration_min = record.scheduledDurationMin
        actual_duration_min = record.actualDurationMin
        state = record.state.rawValue
        learner_attended = record.learnerAttended
        mentor_prep = record.mentorPrep?.rawValue
        follow_up_scheduled = record.followUpScheduled
        rating = record.rating
        comment = record.comment
        feedback_missing = record.feedbackMissing
        sentiment = record.sentiment.map { .init(label: $0.label.rawValue, score: $0.score, aspects: $0.aspects.map(\.rawValue), language: $0.language.rawValue) }
        summary = record.summary.map {
            .init(text: $0.text, status: $0.status.rawValue, version: $0.version, key_phrases: $0.keyPhrases, action_items: $0.actionItems.map(\.text))
        }
        flag = FlagJSON(level: record.flag.level.rawValue, reasons: record.flag.reasons.map(\.rawValue))
        follow_ups_booked = record.followUpsBooked
        last_event_at = record.lastEventAt
    }
}

/// `GET /v1/sessions/{id}`: the session and its histories.
struct SessionDetailJSON: Encodable {
    struct FlagChangeJSON: Encodable {
        let sequence: Int
        let level: String
        let previous_level: String
        let reasons: [String]
        let at: Date
    }
    struct FollowUpJSON: Encodable {
        let follow_up_session_id: String
        let scheduled_at: Date
        let duration_min: Int
        let booked_at: Date
    }
    struct NotificationJSON: Encodable {
        let notification_id: String
        let trigger: String
        let recipient_role: String
        let channel: String
        let recipient_masked: String
        let delivered: Bool
        let error: String?
        let at: Date
    }
    struct EscalationJSON: Encodable {
        let escalation_id: String
        let opened_at: Date?
        let due_at: Date?
        let reasons: [String]
        let breached_at: Date?
        let acknowledged_by: String?
        let acknowledged_at: Date?
        let open: Bool
    }
    struct AgendaJSON: Encodable {
        let items: [String]
        let checklist: [String]
        let first_session: Bool
    }
    let session: SessionJSON
    /// The pre-session agenda the summary service wrote (agenda.generated); nil until it has.
    let agenda: AgendaJSON?
    let flag_history: [FlagChangeJSON]
    let follow_ups: [FollowUpJSON]
    let notifications: [NotificationJSON]
    let escalations: [EscalationJSON]

    init(_ detail: SessionDetail) {
        session = SessionJSON(detail.record)
        agenda = detail.agenda.map { AgendaJSON(items: $0.items, checklist: $0.checklist, first_session: $0.firstSession) }
        flag_history = detail.flagHistory.map {
            .init(sequence: $0.sequence, level: $0.level.rawValue, previous_level: $0.previousLevel.rawValue, reasons: $0.reasons.map(\.rawValue), at: $0.at)
        }
        follow_ups = detail.followUps.map {
            .init(follow_up_session_id: $0.followUpSessionID.rawValue, scheduled_at: $0.scheduledAt, duration_min: $0.durationMin, booked_at: $0.bookedAt)
        }
        notifications = detail.notifications.map {
            .init(notification_id: $0.notificationID.rawValue, trigger: $0.trigger.rawValue, recipient_role: $0.recipientRole.rawValue,
                  channel: $0.channel.rawValue, recipient_masked: $0.maskedRecipient, delivered: $0.delivered, error: $0.error, at: $0.at)
        }
        escalations = detail.escalations.map {
            .init(escalation_id: $0.escalationID.rawValue, opened_at: $0.openedAt, due_at: $0.dueAt, reasons: $0.reasons.map(\.rawValue),
                  breached_at: $0.breachedAt, acknowledged_by: $0.acknowledgedBy, acknowledged_at: $0.acknowledgedAt, open: $0.isOpen)
        }
    }
}

/// A page of a listing.
struct PageJSON<Item: Encodable>: Encodable {
    let total: Int
    let limit: Int
    let offset: Int
    let items: [Item]
}

/// A flagged session in `/v1/flags`.
struct FlagJSON: Encodable {
    let session_id: String
    let level: String
    let reasons: [String]
    let pm_cluster: String?
    let mentor_id: String?
    let mentor_name: String?
    let scheduled_at: Date?
    let state: String

    init(_ record: SessionRecord) {
        session_id = record.sessionID.rawValue
        level = record.flag.level.rawValue
        reasons = record.flag.reasons.map(\.rawValue)
        pm_cluster = record.pmCluster?.rawValue
        mentor_id = record.mentorID?.rawValue
        mentor_name = record.mentorName
        scheduled_at = record.scheduledAt
        state = record.state.rawValue
    }
}
