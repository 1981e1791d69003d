import Foundation

/// Where a service keeps the events its state changes cause until the broker has confirmed them
/// (the transactional outbox). Deliberately narrow, so that a PostgreSQL store (several replicas
/// of a service on one database) is a second implementation of these five operations, not a
/// rewrite: `GRDBOutbox` is the SQLite one.
///
/// The promise every implementation keeps, and `OutboxRelay` relies on:
/// - `append` runs inside the caller's transaction: the rows exist if and only if the state
///   change that caused them committed. Appending an event id that is already there is a no-op.
/// - `due` returns unpublished rows whose not-before time has come, in write order (`position`),
///   at most `limit`. A row stays due until it is marked, so nothing is lost to a crash.
/// - `markPublished` runs only after the broker confirmed the rows; a crash before it publishes
///   them again with the same ids (at-least-once).
/// - `prunePublished` deletes published rows older than the retention; unpublished rows are never pruned.
///
/// What a PostgreSQL implementation needs (`Transaction` = the connection inside the caller's
/// transaction; columns `position BIGINT GENERATED ALWAYS AS IDENTITY`, `body BYTEA`, times as
/// `timestamptz`; the SQL of `GRDBOutbox` is otherwise standard and carries over): with several
/// relays on one database, a relay must claim what it publishes so that no two publish the same
/// subject at once, or a later row of a subject could overtake an earlier one. Claim inside a
/// transaction held across the publish: `SELECT … WHERE published_at IS NULL AND … ORDER BY position
/// LIMIT n FOR UPDATE SKIP LOCKED`, keeping only rows whose subject has no earlier unpublished due
/// row (`NOT EXISTS (SELECT 1 FROM outbox e WHERE e.subject = o.subject AND e.position < o.position
/// AND e.published_at IS NULL AND …)`), or take `pg_try_advisory_xact_lock(hashtext(subject))`
/// per subject; the simplest correct alternative is one active relay per database (a session
/// advisory lock as leader election).
public protocol OutboxStore: Sendable {
    /// The caller's open transaction (a GRDB `Database` for SQLite).
    associatedtype Transaction

    /// Adds rows for `messages`, created at `now`, in the caller's transaction.
    func append(_ messages: [OutboxMessage], at now: Date, in transaction: Transaction) throws

    /// Unpublished rows due at `now` (no not-before time, or one at or before `now`), oldest first, at most `limit`.
    func due(at now: Date, limit: Int) async throws -> [OutboxRecord]

    /// Notes that the broker confirmed these events (by event id).
    func markPublished(_ eventIDs: [String], at now: Date) async throws

    /// Deletes rows published before `date`; returns how many.
    func prunePublished(before date: Date) async throws -> Int
}
