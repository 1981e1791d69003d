import Codec
import EventHandling
import Foundation
import GRDB
import Logging
import Model
import ServiceKit

/// What applying one event did. Applying publishes nothing: a level change waits in the store
/// until it has held for the settle window, and `sweep()` records it for publication.
public struct ApplyOutcome: Sendable, Equatable {
    /// The event had been applied before (same source and id): nothing changed.
    public var duplicate: Bool
    /// The session's live flag after the event (nil for a duplicate or an event about no session).
    public var flag: FlagAssessment?

    public init(duplicate: Bool, flag: FlagAssessment?) {
        self.duplicate = duplicate
        self.flag = flag
    }
}

/// An escalation still waiting for its PM, with the session it is about.
public struct OpenEscalation: Sendable, Equatable {
    public var session: SessionRecord
    public var escalation: EscalationEntry
}

/// The insights read model in SQLite (GRDB): every event is kept (deduplicated by source + id),
/// and each arrival re-folds its session's events in a fixed order (`SessionProjection`), so the
/// result does not depend on arrival order or duplicates. The flag is re-evaluated with the
/// injected clock on each fold and shown at once; `session.flagged` is decided only by `sweep()`,
/// once a session's level differs from its last published one and has held for `settleWindow`
/// (so a yellow that turns green a moment later, as when a completion and its feedback arrive
/// apart, is never published). The sweep writes each change's `session.flagged` into `outbox`
/// in the same transaction; an `OutboxRelay` publishes it and its mark makes the change part of
/// the session's flag history (the published changes).
///
/// Thread-safe: writes are serialised; on a file (WAL, a GRDB pool) the dashboard's reads run
/// beside them.
public final class InsightsStore: Sendable {
    private static let logger = Logger(label: "mentorflow.insights.store")
    private let database: any DatabaseWriter
    public let evaluator: FlagEvaluator
    /// The time the flag rules and the settle window see; tests inject a controlled clock.
    public let clock: @Sendable () -> Date
    /// How long a new level must hold before `sweep()` records it for publication; zero records
    /// it at the next sweep.
    public let settleWindow: Duration
    /// The `session.flagged` events waiting for the broker, in this store's database (run an
    /// `OutboxRelay` on it); marking them published marks their changes published.
    public let outbox: GRDBOutbox
    /// The CloudEvents `source` of the `session.flagged` events the sweep writes.
    public let eventSource: String
    public static let defaultEventSource = "/mentorflow/insights"

    /// Opens (creating or migrating) the store at `path`; nil opens a private in-memory store.
    /// `eventSource` is `/mentorflow/<service name>`.
    public init(
        path: String?, rules: FlagRules = .default, settleWindow: Duration = .seconds(60), eventSource: String = InsightsStore.defaultEventSource,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let configuration = Configuration()
        if let path {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            database = try DatabasePool(path: path, configuration: configuration)
        } else {
            database = try DatabaseQueue(configuration: configuration)
        }
        evaluator = FlagEvaluator(rules: rules)
        self.settleWindow = settleWindow
        self.eventSource = eventSource
        self.clock = clock
        outbox = GRDBOutbox(database: database) { db, eventIDs in try RecordRows.markPublished(eventIDs: eventIDs, in: db) }
        try StoreSchema.migrator().migrate(database)
        try handOverUnlinkedChanges()
        try reevaluateIfRulesChanged()
    }

    /// A store written before the outbox may hold changes it stored but had not published yet
    /// (that release's sweeper published them, then marked them): hand them to the outbox with
    /// the id, source and time that release would have published them with.
    private func handOverUnlinkedChanges() throws {
        let now = clock()
        let handedOver = try database.write { db in
            let pending = try Row.fetchAll(
                db, sql: "SELECT * FROM flag_changes WHERE published = 0 AND event_id IS NULL ORDER BY at, session_id, sequence")
                .map(RecordRows.flagChange)
            try handToOutbox(pending, at: now, in: db)
            return pending.count
        }
        if handedOver > 0 {
            Self.logger.notice("unpublished flag changes from before the outbox handed to it", metadata: ["changes": "\(handedOver)"])
        }
    }

    /// Writes the `session.flagged` of each change into the outbox and links the change to it, in the caller's transaction.
    private func handToOutbox(_ changes: [FlagChange], at now: Date, in db: Database) throws {
        try outbox.append(changes.map { OutboxMessage(Self.flaggedEvent(of: $0, source: eventSource)) }, at: now, in: db)
        for change in changes { try RecordRows.noteEventID(of: change, in: db) }
    }

    /// A rules file changed between runs (a reason switched on, a threshold moved) must reach every
    /// session, not only those that happen to get a new event: re-fold them all, in one transaction,
    /// so their levels show at once and changes go through the settle window and the sweep as usual.
    private func reevaluateIfRulesChanged() throws {
        let fingerprint = evaluator.rules.fingerprint
        let now = clock()
        let reevaluated = try database.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM store_settings WHERE key = 'flag_rules'")
            guard stored != fingerprint else { return 0 }
            let sessions = try String.fetchAll(db, sql: "SELECT session_id FROM sessions ORDER BY session_id")
            for session in sessions { _ = try refold(SessionID(session), now: now, in: db) }
            try db.execute(sql: "INSERT OR REPLACE INTO store_settings (key, value) VALUES ('flag_rules', ?)", arguments: [fingerprint])
            return sessions.count
        }
        if reevaluated > 0 {
            Self.logger.notice("flag rules changed since the last run: every session re-evaluated", metadata: ["sessions": "\(reevaluated)"])
        }
    }

    // MARK: Writing

    /// Applies one event. Idempotent (an event seen before changes nothing) and order-tolerant
    /// (see the type's documentation). Publishes nothing: see `sweep()`.
    @discardableResult
    public func apply(_ event: CloudEvent) throws -> ApplyOutcome {
        let now = clock()
        return try database.write { db in
            guard try Self.insert(event, in: db) else { return ApplyOutcome(duplicate: true, flag: nil) }
            guard let sessionID = event.data.sessionID else { return ApplyOutcome(duplicate: false, flag: nil) }
            return ApplyOutcome(duplicate: false, flag: try refold(sessionID, now: now, in: db))
        }
    }

    /// Applies many events in one transaction (bulk loading, e.g. `mentorflow metrics`).
    public func apply(batch events: [CloudEvent]) throws {
        let now = clock()
        try database.write { db in
            var touched = Set<SessionID>()
            for event in events where try Self.insert(event, in: db) {
                if let sessionID = event.data.sessionID { touched.insert(sessionID) }
            }
            for sessionID in touched.sorted() {
                _ = try refold(sessionID, now: now, in: db)
            }
        }
    }

    /// The only publisher of flag changes. Re-evaluates the sessions whose flag the clock alone may
    /// have changed (the feedback grace period ran out), then records a change for every session
    /// whose level differs from its last published level and has held for the settle window
    /// (previous level = the last published one; `at` = since when the level holds) and writes its
    /// `session.flagged` (id from `eventID(of:)`) into `outbox`, all in one transaction. Returns
    /// every change not yet published, oldest first, including ones left over from before a
    /// restart; the relay on `outbox` publishes them (or `markPublished` notes them published).
    public func sweep() throws -> [FlagChange] {
        let now = clock()
        return try database.write { db in
            let endedBefore = now.addingTimeInterval(-evaluator.rules.feedbackGracePeriod.seconds)
            let due = try String.fetchAll(
                db, sql: "SELECT session_id FROM sessions WHERE feedback_pending_since <= ? ORDER BY session_id",
                arguments: [endedBefore.timeIntervalSinceReferenceDate])
            for id in due {
                _ = try refold(SessionID(rawValue: id), now: now, in: db)
            }
            let settledBefore = now.addingTimeInterval(-settleWindow.seconds)
            let settled = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.session_id, f.published_level, f.level_since, s.flag_level, s.flag_reasons, s.pm_cluster
                    FROM flag_states f JOIN sessions s ON s.session_id = f.session_id
                    WHERE f.current_level != f.published_level AND f.level_since <= ?
                    ORDER BY f.level_since, f.session_id
                    """,
                arguments: [settledBefore.timeIntervalSinceReferenceDate])
            try handToOutbox(try settled.map { try RecordRows.recordSettledChange($0, in: db) }, at: now, in: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM flag_changes WHERE published = 0 ORDER BY at, session_id, sequence")
                .map(RecordRows.flagChange)
        }
    }

    /// Notes that these changes were published (confirmed by the broker): marks their outbox rows,
    /// as the relay does.
    public func markPublished(_ changes: [FlagChange]) throws {
        let now = clock()
        try database.write { db in try outbox.markPublished(changes.map(Self.eventID(of:)), at: now, in: db) }
    }

    /// The `session.flagged` event id of a change: the state recipe of `EventFactory` with the
    /// change's sequence as version, so publishing it again after a crash gives the same id and
    /// downstream inboxes drop the copy. Named `insights` whatever the service is called.
    public static func eventID(of change: FlagChange) -> String {
        EventFactory(service: "insights").stateID(type: .sessionFlagged, subject: change.sessionID.rawValue, version: change.sequence)
    }

    /// The `session.flagged` announcing `change`, as it is written into the outbox (id: `eventID(of:)`).
    public static func flaggedEvent(of change: FlagChange, source: String) -> CloudEvent {
        EventFactory(service: "insights", source: source).state(.sessionFlagged(change.payload), version: change.sequence, at: change.at)
    }

    // MARK: Reading

    /// One page of sessions matching `filter`, newest scheduled first (then by session id).
    public func sessions(matching filter: SessionFilter = .all, limit: Int = 50, offset: Int = 0) throws -> SessionPage {
        let (clause, arguments) = Self.whereClause(filter)
        return try database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions \(clause)", arguments: arguments) ?? 0
            var pageArguments = arguments
            pageArguments += [max(0, limit), max(0, offset)]
            let items = try Row.fetchAll(db, sql: "SELECT * FROM sessions \(clause) \(Self.order) LIMIT ? OFFSET ?", arguments: pageArguments)
                .map(RecordRows.record)
            return SessionPage(total: total, items: items)
        }
    }

    /// Every session matching `filter`, in the listing order.
    public func records(matching filter: SessionFilter = .all) throws -> [SessionRecord] {
        let (clause, arguments) = Self.whereClause(filter)
        return try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sessions \(clause) \(Self.order)", arguments: arguments).map(RecordRows.record)
        }
    }

    /// The session page's data, or nil for a session no event has mentioned.
    public func session(id: SessionID) throws -> SessionDetail? {
        try database.read { db in
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

    /// Per-mentor figures (the metrics' `per_mentor` rows) over the sessions matching `filter`.
    public func mentors(matching filter: SessionFilter = .all) throws -> [MentorMetrics] {
        ProgramMetrics(records: try records(matching: filter)).perMentor
    }

    /// Published flag changes (newest first) of sessions matching `filter`: the PM's "what changed" feed.
    public func flagChanges(matching filter: SessionFilter = .all, since: Date? = nil, limit: Int = 100) throws -> [FlagChange] {
        let (clause, arguments) = Self.whereClause(filter, table: "s")
        var all = arguments
        var sinceClause = ""
        if let since {
            sinceClause = " AND f.at >= ?"
            all += [since.timeIntervalSinceReferenceDate]
        }
        let publishedClause = (clause.isEmpty ? "WHERE" : "AND") + " f.published = 1"
        all += [max(0, limit)]
        return try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.* FROM flag_changes f JOIN sessions s ON s.session_id = f.session_id \(clause) \(publishedClause)\(sinceClause)
                    ORDER BY f.at DESC, f.session_id, f.sequence DESC LIMIT ?
                    """,
                arguments: all
            ).map(RecordRows.flagChange)
        }
    }

    /// Open (unacknowledged) escalations of sessions matching `filter`, oldest due first.
    public func openEscalations(matching filter: SessionFilter = .all) throws -> [OpenEscalation] {
        let (clause, arguments) = Self.whereClause(filter, table: "s")
        let openClause = (clause.isEmpty ? "WHERE" : "AND") + " e.acknowledged_at IS NULL"
        return try database.read { db in
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

    /// How many events the store holds (for health pages and tests).
    public func eventCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    // MARK: Folding

    /// Re-derives the session from its events, shows the new flag at once, and notes since when
    /// its level holds (a change of level restarts the settle window).
    private func refold(_ sessionID: SessionID, now: Date, in db: Database) throws -> FlagAssessment {
        let bodies = try Data.fetchAll(db, sql: "SELECT body FROM events WHERE session_id = ?", arguments: [sessionID.rawValue])
        var events: [CloudEvent] = []
        for body in bodies {
            switch EventCodec.decode(body) {
            case .success(let event): events.append(event)
            case .failure(let error):
                // Stored when it decoded; a later codec refuses it. Say so rather than fold it away silently.
                Self.logger.error("a stored event no longer decodes and is left out of the fold", metadata: [
                    "session_id": "\(sessionID.rawValue)", "error": "\(error)",
                ])
            }
        }
        var detail = SessionProjection.fold(sessionID: sessionID, events: events)
        let assessment = evaluator.evaluate(detail.record, now: now)
        detail.record.flag = assessment
        try RecordRows.write(detail, feedbackPendingSince: evaluator.feedbackPendingSince(detail.record, assessment: assessment), in: db)
        try RecordRows.noteLevel(assessment.level, of: sessionID, at: now, in: db)
        return assessment
    }

    /// Keeps the event; false when it was there already (same source and id).
    private static func insert(_ event: CloudEvent, in db: Database) throws -> Bool {
        try db.execute(
            sql: "INSERT OR IGNORE INTO events (source, id, session_id, type, time, body) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                event.source, event.id, event.data.sessionID?.rawValue, event.eventType.rawValue, event.time.timeIntervalSinceReferenceDate,
                EventCodec.encode(event),
            ])
        return db.changesCount > 0
    }

    private static let order = "ORDER BY scheduled_at IS NULL, scheduled_at DESC, session_id"

    private static func whereClause(_ filter: SessionFilter, table: String? = nil) -> (String, StatementArguments) {
        let prefix = table.map { "\($0)." } ?? ""
        var conditions: [String] = []
        var arguments = StatementArguments()
        func equal(_ column: String, _ value: String?) {
            guard let value else { return }
            conditions.append("\(prefix)\(column) = ?")
            arguments += [value]
        }
        equal("mentor_id", filter.mentorID?.rawValue)
        equal("session_type", filter.sessionType?.rawValue)
        equal("sentiment_label", filter.sentiment?.rawValue)
        equal("flag_level", filter.flagLevel?.rawValue)
        equal("state", filter.state?.rawValue)
        equal("learner_id", filter.learnerID?.rawValue)
        if let clusters = filter.pmClusters {
            if clusters.isEmpty {
                conditions.append("0")
            } else {
                conditions.append("\(prefix)pm_cluster IN (\(Array(repeating: "?", count: clusters.count).joined(separator: ", ")))")
                for cluster in clusters.sorted() { arguments += [cluster.rawValue] }
            }
        }
        if let from = filter.scheduledFrom {
            conditions.append("\(prefix)scheduled_at >= ?")
            arguments += [from.timeIntervalSinceReferenceDate]
        }
        if let to = filter.scheduledTo {
            conditions.append("\(prefix)scheduled_at < ?")
            arguments += [to.timeIntervalSinceReferenceDate]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }
}
