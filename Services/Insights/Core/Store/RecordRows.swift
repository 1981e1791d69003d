import Foundation
import GRDB
import Model

/// How records and their histories map to table rows. Lists are stored as JSON text.
enum RecordRows {
    static let sessionColumns = """
        session_id, program, batch, mentor_id, mentor_name, pm_cluster, learner_id, learner_name, learner_email, session_type,
        scheduled_at, scheduled_duration_min, state, actual_duration_min, learner_attended, mentor_prep, follow_up_scheduled, outcome_at,
        rating, comment, sentiment_label, sentiment_score, sentiment_aspects, sentiment_language, sentiment_feedback_missing,
        summary_text, summary_status, summary_version, summary_key_phrases, summary_action_items, flag_level, flag_reasons,
        follow_ups_booked, last_event_at, has_transcript, has_prework, agenda, feedback_pending_since
        """

    static func write(_ detail: SessionDetail, feedbackPendingSince: Date?, in db: Database) throws {
        let r = detail.record
        let values: [(any DatabaseValueConvertible)?] = [
            r.sessionID.rawValue, r.program, r.batch, r.mentorID?.rawValue, r.mentorName, r.pmCluster?.rawValue, r.learnerID?.rawValue,
            r.learnerName, r.learnerEmail, r.sessionType?.rawValue, r.scheduledAt?.timeIntervalSinceReferenceDate, r.scheduledDurationMin,
            r.state.rawValue, r.actualDurationMin, r.learnerAttended, r.mentorPrep?.rawValue, r.followUpScheduled,
            r.outcomeAt?.timeIntervalSinceReferenceDate, r.rating, r.comment, r.sentiment?.label.rawValue, r.sentiment?.score,
            r.sentiment.map { names($0.aspects) }, r.sentiment?.language.rawValue, r.sentiment?.feedbackMissing,
            r.summary?.text, r.summary?.status.rawValue, r.summary?.version, r.summary.map { json($0.keyPhrases) },
            r.summary.map { json($0.actionItems) }, r.flag.level.rawValue, names(r.flag.reasons),
            r.followUpsBooked, r.lastEventAt?.timeIntervalSinceReferenceDate, detail.hasTranscript, detail.hasPrework,
            detail.agenda.map { json(StoredAgenda($0)) }, feedbackPendingSince?.timeIntervalSinceReferenceDate,
        ]
        let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try db.execute(
            sql: "INSERT OR REPLACE INTO sessions (\(sessionColumns)) VALUES (\(placeholders))",
            arguments: StatementArguments(values.map { $0?.databaseValue ?? .null }))
        let id = r.sessionID.rawValue
        for table in ["follow_ups", "notifications", "escalations"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE session_id = ?", arguments: [id])
        }
        for entry in detail.followUps {
            try db.execute(
                sql: "INSERT INTO follow_ups (session_id, follow_up_session_id, scheduled_at, duration_min, booked_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, entry.followUpSessionID.rawValue, entry.scheduledAt.timeIntervalSinceReferenceDate, entry.durationMin, entry.bookedAt.timeIntervalSinceReferenceDate])
        }
        for entry in detail.notifications {
            try db.execute(
                sql: """
                    INSERT INTO notifications (session_id, notification_id, trigger, recipient_role, channel, masked_recipient, delivered, error, attempts, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, entry.notificationID.rawValue, entry.trigger.rawValue, entry.recipientRole.rawValue, entry.channel.rawValue,
                    entry.maskedRecipient, entry.delivered, entry.error, entry.attempts, entry.at.timeIntervalSinceReferenceDate,
                ])
        }
        for entry in detail.escalations {
            try db.execute(
                sql: """
                    INSERT INTO escalations (session_id, escalation_id, opened_at, due_at, reasons, breached_at, acknowledged_by, acknowledged_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, entry.escalationID.rawValue, entry.openedAt?.timeIntervalSinceReferenceDate, entry.dueAt?.timeIntervalSinceReferenceDate,
                    names(entry.reasons), entry.breachedAt?.timeIntervalSinceReferenceDate, entry.acknowledgedBy,
                    entry.acknowledgedAt?.timeIntervalSinceReferenceDate,
                ])
        }
    }

    static func record(_ row: Row) -> SessionRecord {
        var record = SessionRecord(sessionID: SessionID(rawValue: row["session_id"]))
        record.program = row["program"]
        record.batch = row["batch"]
        record.mentorID = (row["mentor_id"] as String?).map(MentorID.init(rawValue:))
        record.mentorName = row["mentor_name"]
        record.pmCluster = (row["pm_cluster"] as String?).map(PMClusterID.init(rawValue:))
        record.learnerID = (row["learner_id"] as String?).map(LearnerID.init(rawValue:))
        record.learnerName = row["learner_name"]
        record.learnerEmail = row["learner_email"]
        record.sessionType = (row["session_type"] as String?).map(SessionType.init(rawValue:))
        record.scheduledAt = date(row["scheduled_at"])
        record.scheduledDurationMin = row["scheduled_duration_min"]
        record.state = SessionState(rawValue: row["state"]) ?? .scheduled
        record.actualDurationMin = row["actual_duration_min"]
        record.learnerAttended = row["learner_attended"]
        record.mentorPrep = (row["mentor_prep"] as String?).flatMap(MentorPrep.init(rawValue:))
        record.followUpScheduled = row["follow_up_scheduled"]
        record.outcomeAt = date(row["outcome_at"])
        record.rating = row["rating"]
        record.comment = row["comment"]
        if let label = (row["sentiment_label"] as String?).flatMap(SentimentLabel.init(rawValue:)) {
            record.sentiment = SentimentSnapshot(
                label: label, score: row["sentiment_score"] ?? 0,
                aspects: values(row["sentiment_aspects"]),
                language: (row["sentiment_language"] as String?).flatMap(FeedbackLanguage.init(rawValue:)) ?? .mixed,
                feedbackMissing: row["sentiment_feedback_missing"] ?? false)
        }
        if let text = row["summary_text"] as String? {
            record.summary = SummarySnapshot(
                text: text, status: (row["summary_status"] as String?).flatMap(SummaryStatus.init(rawValue:)) ?? .draft,
                version: row["summary_version"] ?? 1, keyPhrases: decode([String].self, row["summary_key_phrases"]) ?? [],
                actionItems: decode([ActionItem].self, row["summary_action_items"]) ?? [])
        }
        record.flag = FlagAssessment(
            level: FlagLevel(rawValue: row["flag_level"]) ?? .green,
            reasons: values(row["flag_reasons"]))
        record.followUpsBooked = row["follow_ups_booked"]
        record.lastEventAt = date(row["last_event_at"])
        return record
    }

    static func flagChange(_ row: Row) -> FlagChange {
        FlagChange(
            sessionID: SessionID(rawValue: row["session_id"]), sequence: row["sequence"], level: FlagLevel(rawValue: row["level"]) ?? .green,
            previousLevel: FlagLevel(rawValue: row["previous_level"]) ?? .green,
            reasons: values(row["reasons"]),
            pmCluster: (row["pm_cluster"] as String?).map(PMClusterID.init(rawValue:)), at: Date(timeIntervalSinceReferenceDate: row["at"]),
            cause: row["cause"])
    }

    static func insert(_ change: FlagChange, published: Bool, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO flag_changes (session_id, sequence, level, previous_level, reasons, pm_cluster, at, cause, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                change.sessionID.rawValue, change.sequence, change.level.rawValue, change.previousLevel.rawValue, names(change.reasons),
                change.pmCluster?.rawValue, change.at.timeIntervalSinceReferenceDate, change.cause, published,
            ])
    }

    /// Links a change to the id of the `session.flagged` event that announces it (its outbox row).
    static func noteEventID(of change: FlagChange, in db: Database) throws {
        try db.execute(
            sql: "UPDATE flag_changes SET event_id = ? WHERE session_id = ? AND sequence = ?",
            arguments: [InsightsStore.eventID(of: change), change.sessionID.rawValue, change.sequence])
    }

    /// Marks published the changes whose `session.flagged` the broker confirmed (by event id).
    static func markPublished(eventIDs: [String], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE flag_changes SET published = 1 WHERE event_id = ?")
        for id in eventIDs { try statement.execute(arguments: [id]) }
    }

    /// Notes the session's live level in `flag_states`: a new session starts with green
    /// published; a change of level restarts the time it has held.
    static func noteLevel(_ level: FlagLevel, of sessionID: SessionID, at now: Date, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO flag_states (session_id, current_level, published_level, level_since) VALUES (?, ?, 'green', ?)
                ON CONFLICT (session_id) DO UPDATE SET current_level = excluded.current_level, level_since = excluded.level_since
                WHERE flag_states.current_level != excluded.current_level
                """,
            arguments: [sessionID.rawValue, level.rawValue, now.timeIntervalSinceReferenceDate])
    }

    /// Records a settled level (a row of the sweep's query: `flag_states` joined with `sessions`)
    /// as the session's next change, not yet published, and makes it the published level.
    static func recordSettledChange(_ row: Row, in db: Database) throws -> FlagChange {
        let sessionID: String = row["session_id"]
        let sequence = (try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM flag_changes WHERE session_id = ?", arguments: [sessionID]) ?? 0) + 1
        let level = FlagLevel(rawValue: row["flag_level"]) ?? .green
        let change = FlagChange(
            sessionID: SessionID(rawValue: sessionID), sequence: sequence, level: level,
            previousLevel: FlagLevel(rawValue: row["published_level"]) ?? .green, reasons: values(row["flag_reasons"]),
            pmCluster: (row["pm_cluster"] as String?).map(PMClusterID.init(rawValue:)),
            at: Date(timeIntervalSinceReferenceDate: row["level_since"]), cause: "sweep")
        try insert(change, published: false, in: db)
        try db.execute(sql: "UPDATE flag_states SET published_level = ? WHERE session_id = ?", arguments: [level.rawValue, sessionID])
        return change
    }

    static func followUp(_ row: Row) -> FollowUpEntry {
        FollowUpEntry(
            followUpSessionID: SessionID(rawValue: row["follow_up_session_id"]), scheduledAt: Date(timeIntervalSinceReferenceDate: row["scheduled_at"]),
            durationMin: row["duration_min"], bookedAt: Date(timeIntervalSinceReferenceDate: row["booked_at"]))
    }

    static func notification(_ row: Row) -> NotificationEntry? {
        guard let trigger = EventType(rawValue: row["trigger"]), let role = RecipientRole(rawValue: row["recipient_role"]),
            let channel = NotificationChannel(rawValue: row["channel"])
        else { return nil }
        return NotificationEntry(
            notificationID: NotificationID(rawValue: row["notification_id"]), trigger: trigger, recipientRole: role, channel: channel,
            maskedRecipient: row["masked_recipient"], delivered: row["delivered"], error: row["error"], attempts: row["attempts"],
            at: Date(timeIntervalSinceReferenceDate: row["at"]))
    }

    static func escalation(_ row: Row) -> EscalationEntry {
        EscalationEntry(
            escalationID: EscalationID(rawValue: row["escalation_id"]), openedAt: date(row["opened_at"]), dueAt: date(row["due_at"]),
            reasons: values(row["reasons"]), breachedAt: date(row["breached_at"]),
            acknowledgedBy: row["acknowledged_by"], acknowledgedAt: date(row["acknowledged_at"]))
    }

    static func agenda(_ row: Row) -> Agenda? {
        decode(StoredAgenda.self, row["agenda"]).map { Agenda(items: $0.items, checklist: $0.checklist, firstSession: $0.firstSession) }
    }

    /// Lists of enum cases as comma-separated raw values (none holds a comma): cheaper than JSON
    /// on every row written and read.
    private static func names<T: RawRepresentable<String>>(_ values: [T]) -> String {
        values.map(\.rawValue).joined(separator: ",")
    }

    private static func values<T: RawRepresentable<String>>(_ text: String?) -> [T] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { T(rawValue: String($0)) }
    }

    private static func date(_ seconds: Double?) -> Date? { seconds.map { Date(timeIntervalSinceReferenceDate: $0) } }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

private struct StoredAgenda: Codable {
    var items: [String]
    var checklist: [String]
    var firstSession: Bool

    init(_ agenda: Agenda) {
        items = agenda.items
        checklist = agenda.checklist
        firstSession = agenda.firstSession
    }
}
