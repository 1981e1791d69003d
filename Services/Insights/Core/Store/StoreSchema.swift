import GRDB
import ServiceKit
import SQLiteStorage

/// The read model's tables. `events` is the source of truth (every event seen, deduplicated by
/// source + id); the other tables are re-derived from it per session on every arrival, except
/// `flag_changes` (the level changes decided for publication, and the published history),
/// `flag_states` (per session, the last published level and since when the current level has
/// held) and `outbox` (ServiceKit's `GRDBOutbox`: the `session.flagged` events of the changes,
/// written in the sweep's transaction, until the relay has published them).
enum StoreSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "events") { table in
                table.column("source", .text).notNull()
                table.column("id", .text).notNull()
                table.column("session_id", .text)
                table.column("type", .text).notNull()
                table.column("time", .double).notNull()
                table.column("body", .blob).notNull()
                table.primaryKey(["source", "id"])
            }
            try db.create(index: "events_by_session", on: "events", columns: ["session_id"])
            try db.create(table: "sessions") { table in
                table.primaryKey("session_id", .text)
                table.column("program", .text)
                table.column("batch", .text)
                table.column("mentor_id", .text)
                table.column("mentor_name", .text)
                table.column("pm_cluster", .text)
                table.column("learner_id", .text)
                table.column("learner_name", .text)
                table.column("learner_email", .text)
                table.column("session_type", .text)
                table.column("scheduled_at", .double)
                table.column("scheduled_duration_min", .integer)
                table.column("state", .text).notNull()
                table.column("actual_duration_min", .integer)
                table.column("learner_attended", .boolean)
                table.column("mentor_prep", .text)
                table.column("follow_up_scheduled", .boolean)
                table.column("outcome_at", .double)
                table.column("rating", .integer)
                table.column("comment", .text)
                table.column("sentiment_label", .text)
                table.column("sentiment_score", .double)
                table.column("sentiment_aspects", .text)
                table.column("sentiment_language", .text)
                table.column("sentiment_feedback_missing", .boolean)
                table.column("summary_text", .text)
                table.column("summary_status", .text)
                table.column("summary_version", .integer)
                table.column("summary_key_phrases", .text)
                table.column("summary_action_items", .text)
                table.column("flag_level", .text).notNull()
                table.column("flag_reasons", .text).notNull()
                table.column("follow_ups_booked", .integer).notNull()
                table.column("last_event_at", .double)
                table.column("has_transcript", .boolean).notNull()
                table.column("has_prework", .boolean).notNull()
                table.column("agenda", .text)
                /// The end of a completed session still without a comment whose "feedback missing" has
                /// not fired: the sweep finds the ones past the grace period here.
                table.column("feedback_pending_since", .double)
            }
            for column in ["mentor_id", "pm_cluster", "scheduled_at", "flag_level", "learner_id", "feedback_pending_since"] {
                try db.create(index: "sessions_by_\(column)", on: "sessions", columns: [column])
            }
            try db.create(table: "flag_changes") { table in
                table.column("session_id", .text).notNull()
                table.column("sequence", .integer).notNull()
                table.column("level", .text).notNull()
                table.column("previous_level", .text).notNull()
                table.column("reasons", .text).notNull()
                table.column("pm_cluster", .text)
                table.column("at", .double).notNull()
                table.column("cause", .text).notNull()
                /// Whether its `session.flagged` was confirmed by the broker (the flag history shows
                /// only these): the sweep stores a settled change unpublished with its event in the
                /// outbox (v4), and the relay's mark sets this (rows from before the settle window
                /// were published by the consume loop and are marked already).
                table.column("published", .boolean).notNull()
                table.primaryKey(["session_id", "sequence"])
            }
            try db.create(index: "flag_changes_by_cause", on: "flag_changes", columns: ["cause"])
            try db.create(table: "follow_ups") { table in
                table.column("session_id", .text).notNull()
                table.column("follow_up_session_id", .text).notNull()
                table.column("scheduled_at", .double).notNull()
                table.column("duration_min", .integer).notNull()
                table.column("booked_at", .double).notNull()
            }
            try db.create(index: "follow_ups_by_session", on: "follow_ups", columns: ["session_id"])
            try db.create(table: "notifications") { table in
                table.column("session_id", .text).notNull()
                table.column("notification_id", .text).notNull()
                table.column("trigger", .text).notNull()
                table.column("recipient_role", .text).notNull()
                table.column("channel", .text).notNull()
                table.column("masked_recipient", .text).notNull()
                table.column("delivered", .boolean).notNull()
                table.column("error", .text)
                table.column("attempts", .integer)
                table.column("at", .double).notNull()
            }
            try db.create(index: "notifications_by_session", on: "notifications", columns: ["session_id"])
            try db.create(table: "escalations") { table in
                table.column("session_id", .text).notNull()
                table.column("escalation_id", .text).notNull()
                table.column("opened_at", .double)
                table.column("due_at", .double)
                table.column("reasons", .text).notNull()
                table.column("breached_at", .double)
                table.column("acknowledged_by", .text)
                table.column("acknowledged_at", .double)
            }
            try db.create(index: "escalations_by_session", on: "escalations", columns: ["session_id"])
        }
        migrator.registerMigration("v2-flag-settle") { db in
            // Per session: the level the read model shows now, the last level published in
            // `session.flagged` (green before any), and since when (store clock) the current level
            // has held. The sweep publishes a change once the current level differs from the
            // published one and has held for the settle window; a flip back within it publishes nothing.
            try db.create(table: "flag_states") { table in
                table.primaryKey("session_id", .text)
                table.column("current_level", .text).notNull()
                table.column("published_level", .text).notNull()
                table.column("level_since", .double).notNull()
            }
            try db.execute(sql: "CREATE INDEX flag_states_pending ON flag_states (level_since) WHERE current_level != published_level")
            // Stores made before the settle window published every change as it happened: the last
            // recorded change is the published level (an unpublished one is still in the outbox).
            try db.execute(
                sql: """
                    INSERT INTO flag_states (session_id, current_level, published_level, level_since)
                    SELECT s.session_id, s.flag_level,
                        COALESCE((SELECT f.level FROM flag_changes f WHERE f.session_id = s.session_id ORDER BY f.sequence DESC LIMIT 1), 'green'),
                        0
                    FROM sessions s
                    """)
        }
        migrator.registerMigration("v3-store-settings") { db in
            // What the stored flags were computed with (the rules' fingerprint), so a changed rules
            // file re-evaluates every session at start instead of only those that get a new event.
            try db.create(table: "store_settings") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        GRDBOutbox.registerMigrations(in: &migrator)
        migrator.registerMigration("v4-flag-outbox") { db in
            // A change's `session.flagged` goes out through the outbox; its event id links the two,
            // so the relay marking the outbox row marks the change published (the flag history).
            try db.alter(table: "flag_changes") { table in table.add(column: "event_id", .text) }
            try db.create(index: "flag_changes_by_event_id", on: "flag_changes", columns: ["event_id"])
            // Changes the release before the outbox stored but had not published yet keep
            // `event_id` NULL here; the store hands them to the outbox when it opens.
        }
        migrator.registerMigration("v5-inbox") { db in
            // The service's inbox, inside the read model's database so that a batch of deliveries
            // and their inbox marks commit in one transaction (`InsightsStore.Writing.apply(deliveries:)`).
            // The former `insights.inbox.sqlite` is not carried over: an event it had marked is
            // already in `events`, and applying it again changes nothing.
            try InboxTable.create(in: db)
        }
        return migrator
    }
}
