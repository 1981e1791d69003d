import Codec
import Foundation
import GRDB
import Model
import ServiceKit
import SQLiteStorage

extension InsightsStore {
    /// A read of the store, written once and run either way: `try store.read(.records())` blocks
    /// (the CLI, tests), `try await store.read(.records())` suspends the task while GRDB runs it
    /// on a reader thread of its own (the service, the dashboard).
    public struct Reading<Value>: Sendable {
        let body: @Sendable (Database) throws -> Value
    }

    /// A write transaction of the store, written once and run either way (see `Reading`).
    public struct Writing<Value>: Sendable {
        let body: @Sendable (InsightsStore, Database) throws -> Value
    }
}

// MARK: Reads

extension InsightsStore.Reading where Value == SessionPage {
    /// One page of sessions matching `filter`, newest scheduled first (then by session id).
    public static func sessions(matching filter: SessionFilter = .all, limit: Int = 50, offset: Int = 0) -> Self {
        let (clause, arguments) = InsightsStore.whereClause(filter)
        var pageArguments = arguments
        pageArguments += [max(0, limit), max(0, offset)]
        let page = pageArguments
        return Self { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions \(clause)", arguments: arguments) ?? 0
            let items = try Row.fetchAll(db, sql: "SELECT * FROM sessions \(clause) \(InsightsStore.order) LIMIT ? OFFSET ?", arguments: page)
                .map(RecordRows.record)
            return SessionPage(total: total, items: items)
        }
    }
}

extension InsightsStore.Reading where Value == [SessionRecord] {
    /// Every session matching `filter`, in the listing order.
    public static func records(matching filter: SessionFilter = .all) -> Self {
        let (clause, arguments) = InsightsStore.whereClause(filter)
        return Self { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sessions \(clause) \(InsightsStore.order)", arguments: arguments).map(RecordRows.record)
        }
    }
}

extension InsightsStore.Reading where Value == [MentorMetrics] {
    /// Per-mentor figures (the metrics' `per_mentor` rows) over the sessions matching `filter`.
    public static func mentors(matching filter: SessionFilter = .all) -> Self {
        let records = InsightsStore.Reading<[SessionRecord]>.records(matching: filter)
        return Self { db in ProgramMetrics(records: try records.body(db)).perMentor }
    }
}

extension InsightsStore.Reading where Value == SessionDetail? {
    /// The session page's data, or nil for a session no event has mentioned.
    public static func session(id: SessionID) -> Self {
        Self { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE session_id = ?", arguments: [id.rawValue]) else { return nil }
            return SessionDetail(
                record: RecordRows.record(row),
                flagHistory: try Row.fetchAll(
                    db, sql: "SELECT * FROM flag_changes WHERE session_id = ? AND published = 1 ORDER BY sequence", arguments: [id.rawValue])
                    .map(RecordRows.flagChange),
                followUps: try Row.fetchAll(db, sql: "SELECT * FROM follow_ups WHERE session_id = ? ORDER BY scheduled_at, follow_up_session_id", arguments: [id.rawValue])
                    .map(RecordRows.followUp),
                notifications: try Row.fetchAll(db, sql: "SELECT * FROM notifications WHERE session_id = ? ORDER BY at, notification_id", arguments: [id.rawValue])
                    .compactMap(RecordRows.notification),
                escalations: try Row.fetchAll(db, sql: "SELECT * FROM escalations WHERE session_id = ? ORDER BY escalation_id", arguments: [id.rawValue])
                    .map(RecordRows.escalation),
                hasTranscript: row["has_transcript"], hasPrework: row["has_prework"], agenda: RecordRows.agenda(row))
        }
    }
}

extension InsightsStore.Reading where Value == [FlagChange] {
    /// Published flag changes (newest first) of sessions matching `filter`: the PM's "what changed" feed.
    public static func flagChanges(matching filter: SessionFilter = .all, since: Date? = nil, limit: Int = 100) -> Self {
        let (clause, arguments) = InsightsStore.whereClause(filter, table: "s")
        var all = arguments
        var sinceClause = ""
        if let since {
            sinceClause = " AND f.at >= ?"
            all += [since.timeIntervalSinceReferenceDate]
        }
        let publishedClause = (clause.isEmpty ? "WHERE" : "AND") + " f.published = 1"
        all += [max(0, limit)]
        let (sinceCondition, allArguments) = (sinceClause, all)
        return Self { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.* FROM flag_changes f JOIN sessions s ON s.session_id = f.session_id \(clause) \(publishedClause)\(sinceCondition)
                    ORDER BY f.at DESC, f.session_id, f.sequence DESC LIMIT ?
                    """,
                arguments: allArguments
            ).map(RecordRows.flagChange)
        }
    }
}

extension InsightsStore.Reading where Value == [OpenEscalation] {
    /// Open (unacknowledged) escalations of sessions matching `filter`, oldest due first.
    public static func openEscalations(matching filter: SessionFilter = .all) -> Self {
        let (clause, arguments) = InsightsStore.whereClause(filter, table: "s")
        let openClause = (clause.isEmpty ? "WHERE" : "AND") + " e.acknowledged_at IS NULL"
        return Self { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, e.escalation_id AS e_id FROM escalations e JOIN sessions s ON s.session_id = e.session_id \(clause) \(openClause)
                    ORDER BY e.due_at, e.escalation_id
                    """,
                arguments: arguments
            ).compactMap { row in
                let record = RecordRows.record(row)
                let id: String = row["e_id"]
                guard let entry = try Row.fetchOne(
                    db, sql: "SELECT * FROM escalations WHERE session_id = ? AND escalation_id = ?", arguments: [record.sessionID.rawValue, id])
                else { return nil }
                return OpenEscalation(session: record, escalation: RecordRows.escalation(entry))
            }
        }
    }
}

extension InsightsStore.Reading where Value == Int {
    /// How many events the store holds (for health pages and tests).
    public static var eventCount: Self {
        Self { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }
}

// MARK: Writes

extension InsightsStore.Writing where Value == ApplyOutcome {
    /// Applies one event (see `InsightsStore.apply(_:)`).
    public static func apply(_ event: CloudEvent) -> Self {
        Self { store, db in try store.applyOne(event, now: store.clock(), in: db) }
    }
}

extension InsightsStore.Writing where Value == Void {
    /// Applies many events in one transaction (bulk loading, e.g. `mentorflow metrics`).
    public static func apply(batch events: [CloudEvent]) -> Self {
        Self { store, db in
            let now = store.clock()
            var touched = Set<SessionID>()
            for event in events where try InsightsStore.insert(event, in: db) {
                if let sessionID = event.data.sessionID { touched.insert(sessionID) }
            }
            for sessionID in touched.sorted() {
                _ = try store.refold(sessionID, now: now, in: db)
            }
        }
    }

    /// Notes that these changes were published (confirmed by the broker): marks their outbox rows,
    /// as the relay does.
    public static func markPublished(_ changes: [FlagChange]) -> Self {
        Self { store, db in try store.outbox.markPublished(changes.map(InsightsStore.eventID(of:)), at: store.clock(), in: db) }
    }
}

extension InsightsStore.Writing where Value == [FlagChange] {
    /// Records the settled level changes with their events in the outbox and returns every one not
    /// yet published (see `InsightsStore.sweep()`).
    public static var sweep: Self {
        Self { store, db in
            let now = store.clock()
            let endedBefore = now.addingTimeInterval(-store.evaluator.rules.feedbackGracePeriod.seconds)
            let due = try String.fetchAll(
                db, sql: "SELECT session_id FROM sessions WHERE feedback_pending_since <= ? ORDER BY session_id",
                arguments: [endedBefore.timeIntervalSinceReferenceDate])
            for id in due {
                _ = try store.refold(SessionID(rawValue: id), now: now, in: db)
            }
            let settledBefore = now.addingTimeInterval(-store.settleWindow.seconds)
            let settled = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.session_id, f.published_level, f.level_since, s.flag_level, s.flag_reasons, s.pm_cluster
                    FROM flag_states f JOIN sessions s ON s.session_id = f.session_id
                    WHERE f.current_level != f.published_level AND f.level_since <= ?
                    ORDER BY f.level_since, f.session_id
                    """,
                arguments: [settledBefore.timeIntervalSinceReferenceDate])
            try store.handToOutbox(try settled.map { try RecordRows.recordSettledChange($0, in: db) }, at: now, in: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM flag_changes WHERE published = 0 ORDER BY at, session_id, sequence")
                .map(RecordRows.flagChange)
        }
    }
}

extension InsightsStore {
    /// One event inside a write transaction: kept, and its session re-folded.
    func applyOne(_ event: CloudEvent, now: Date, in db: Database) throws -> ApplyOutcome {
        guard try Self.insert(event, in: db) else { return ApplyOutcome(duplicate: true, flag: nil) }
        guard let sessionID = event.data.sessionID else { return ApplyOutcome(duplicate: false, flag: nil) }
        return ApplyOutcome(duplicate: false, flag: try refold(sessionID, now: now, in: db))
    }
}

// MARK: Deliveries

/// What a batch apply did with one delivery; the consume loop acks `applied` and `duplicate`
/// after the batch commits, and gives each `failed` one its own retry or dead-letter path.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Applied, and marked in the inbox in the same transaction.
    case applied(ApplyOutcome)
    /// The inbox had it as handled: nothing changed.
    case duplicate
    /// Its apply failed and was rolled back alone (its batch-mates are unaffected); the message.
    case failed(String)
}

extension InsightsStore.Writing where Value == [DeliveryOutcome] {
    /// Applies a batch of deliveries in ONE transaction, each marked processed in the store's
    /// inbox table in that same transaction, so one commit (one fsync) covers the batch and
    /// nothing is acked that did not commit. Each event runs in its own savepoint: one that fails
    /// is rolled back alone and reported `failed`, the others still apply. If the transaction
    /// itself fails (the disk, a lock), the whole call throws and the caller falls back to one
    /// event at a time.
    public static func apply(deliveries events: [CloudEvent]) -> Self {
        Self { store, db in
            let now = store.clock()
            var outcomes: [DeliveryOutcome] = []
            outcomes.reserveCapacity(events.count)
            for event in events {
                if try InboxTable.isProcessed(source: event.source, id: event.id, in: db) {
                    outcomes.append(.duplicate)
                    continue
                }
                do {
                    var outcome = ApplyOutcome(duplicate: true, flag: nil)
                    try db.inSavepoint {
                        outcome = try store.applyOne(event, now: now, in: db)
                        try InboxTable.markProcessed(source: event.source, id: event.id, type: event.eventType.rawValue, in: db)
                        return .commit
                    }
                    outcomes.append(.applied(outcome))
                } catch {
                    outcomes.append(.failed("\(error)"))
                }
            }
            return outcomes
        }
    }
}

// MARK: The inbox inside the store

extension InsightsStore.Reading where Value == Bool {
    /// True when the consume loop handled this event to the end (the store's own inbox table).
    public static func inboxHasProcessed(source: String, id: String) -> Self {
        Self { db in try InboxTable.isProcessed(source: source, id: id, in: db) }
    }
}

extension InsightsStore.Writing where Value == Int {
    /// Notes one more try of a redelivered event; returns how many unfinished tries there were.
    public static func inboxRecordRedelivery(source: String, id: String, type: String) -> Self {
        Self { _, db in try InboxTable.recordRedelivery(source: source, id: id, type: type, in: db) }
    }
}

extension InsightsStore.Writing where Value == Void {
    /// Notes that the consume loop handled this event to the end.
    public static func inboxMarkProcessed(source: String, id: String, type: String) -> Self {
        Self { _, db in try InboxTable.markProcessed(source: source, id: id, type: type, in: db) }
    }
}
