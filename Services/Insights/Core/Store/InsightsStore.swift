import Codec
import EventHandling
import Foundation
import GRDB
import Logging
import Model
import ServiceKit
import SQLiteStorage

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
/// beside them. Every operation is written once (`Reading`, `Writing` in `StoreOperations.swift`)
/// and run either blocking (`try store.read(.records())`, for the CLI and tests) or suspending
/// (`try await store.read(.records())`, GRDB's own threads): async code (the handler, the
/// sweeper, the dashboard) always suspends, so no cooperative thread waits on SQLite. Every
/// commit on a file is durable (`synchronous=FULL`).
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
        if let path {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            database = try DurableDatabase.pool(path: path)
        } else {
            database = try DatabaseQueue(configuration: Configuration())
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
    func handToOutbox(_ changes: [FlagChange], at now: Date, in db: Database) throws {
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

    /// `PRAGMA synchronous` as the writer and as a reader connection see it (2 = FULL): what
    /// the durability test checks.
    func synchronousSettings() throws -> (writer: Int, reader: Int) {
        let pragma = "PRAGMA synchronous"
        return (try database.write { try Int.fetchOne($0, sql: pragma) ?? -1 }, try database.read { try Int.fetchOne($0, sql: pragma) ?? -1 })
    }

    // MARK: Running an operation

    /// Runs a read: blocking, for synchronous callers (the CLI, tests).
    public func read<Value>(_ operation: Reading<Value>) throws -> Value {
        try database.read(operation.body)
    }

    /// Runs a read on GRDB's own reader threads: the calling task suspends, and no cooperative
    /// thread waits on SQLite (a 20,000-row export would otherwise hold one of the two a 2-core
    /// machine has, and the consume loop with it).
    public func read<Value: Sendable>(_ operation: Reading<Value>) async throws -> Value {
        try await database.read(operation.body)
    }

    /// Runs a write transaction: blocking, for synchronous callers (the CLI, tests).
    public func write<Value>(_ operation: Writing<Value>) throws -> Value {
        try database.write { db in try operation.body(self, db) }
    }

    /// Runs a write transaction on GRDB's writer thread, the calling task suspended meanwhile.
    public func write<Value: Sendable>(_ operation: Writing<Value>) async throws -> Value {
        try await database.write { db in try operation.body(self, db) }
    }

    // MARK: Writing

    /// Applies one event. Idempotent (an event seen before changes nothing) and order-tolerant
    /// (see the type's documentation). Publishes nothing: see `sweep()`.
    @discardableResult
    public func apply(_ event: CloudEvent) throws -> ApplyOutcome {
        try write(.apply(event))
    }

    /// Applies many events in one transaction (bulk loading, e.g. `mentorflow metrics`).
    public func apply(batch events: [CloudEvent]) throws {
        try write(.apply(batch: events))
    }

    /// The only publisher of flag changes. Re-evaluates the sessions whose flag the clock alone may
    /// have changed (the feedback grace period ran out), then records a change for every session
    /// whose level differs from its last published level and has held for the settle window
    /// (previous level = the last published one; `at` = since when the level holds) and writes its
    /// `session.flagged` (id from `eventID(of:)`) into `outbox`, all in one transaction. Returns
    /// every change not yet published, oldest first, including ones left over from before a
    /// restart; the relay on `outbox` publishes them (or `markPublished` notes them published).
    public func sweep() throws -> [FlagChange] {
        try write(.sweep)
    }

    /// Notes that these changes were published (confirmed by the broker): marks their outbox rows,
    /// as the relay does.
    public func markPublished(_ changes: [FlagChange]) throws {
        try write(.markPublished(changes))
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
        try read(.sessions(matching: filter, limit: limit, offset: offset))
    }

    /// Every session matching `filter`, in the listing order.
    public func records(matching filter: SessionFilter = .all) throws -> [SessionRecord] {
        try read(.records(matching: filter))
    }

    /// The session page's data, or nil for a session no event has mentioned.
    public func session(id: SessionID) throws -> SessionDetail? {
        try read(.session(id: id))
    }

    /// Per-mentor figures (the metrics' `per_mentor` rows) over the sessions matching `filter`.
    public func mentors(matching filter: SessionFilter = .all) throws -> [MentorMetrics] {
        ProgramMetrics(records: try records(matching: filter)).perMentor
    }

    /// Published flag changes (newest first) of sessions matching `filter`: the PM's "what changed" feed.
    public func flagChanges(matching filter: SessionFilter = .all, since: Date? = nil, limit: Int = 100) throws -> [FlagChange] {
        try read(.flagChanges(matching: filter, since: since, limit: limit))
    }

    /// Open (unacknowledged) escalations of sessions matching `filter`, oldest due first.
    public func openEscalations(matching filter: SessionFilter = .all) throws -> [OpenEscalation] {
        try read(.openEscalations(matching: filter))
    }

    /// How many events the store holds (for health pages and tests).
    public func eventCount() throws -> Int {
        try read(.eventCount)
    }

    // MARK: Folding

    /// Re-derives the session from its events, shows the new flag at once, and notes since when
    /// its level holds (a change of level restarts the settle window).
    func refold(_ sessionID: SessionID, now: Date, in db: Database) throws -> FlagAssessment {
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
    static func insert(_ event: CloudEvent, in db: Database) throws -> Bool {
        try db.execute(
            sql: "INSERT OR IGNORE INTO events (source, id, session_id, type, time, body) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                event.source, event.id, event.data.sessionID?.rawValue, event.eventType.rawValue, event.time.timeIntervalSinceReferenceDate,
                EventCodec.encode(event),
            ])
        return db.changesCount > 0
    }

    static let order = "ORDER BY scheduled_at IS NULL, scheduled_at DESC, session_id"

    static func whereClause(_ filter: SessionFilter, table: String? = nil) -> (String, StatementArguments) {
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
