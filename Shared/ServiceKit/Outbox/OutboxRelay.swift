import AMQP
import Codec
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Publishes what a service's transactions left in its outbox, with confirms, and marks it
/// published: a lifecycle `Service` beside the consume loop, stopped by cancellation (graceful
/// shutdown cancels it; a round already publishing still marks what the broker confirmed).
///
/// The promise:
/// - **At-least-once, same id.** A row is marked only after the broker confirmed it; a crash or a
///   broker error in between publishes it again on a later round with the id, time and body it
///   was written with (downstream inboxes drop the copy).
/// - **Per-subject order.** A subject's rows go out in the order they were written: a round
///   publishes in waves, each holding at most the next row of every subject, and a subject whose
///   row failed sends nothing more until that row is published. Other subjects go on.
/// - **Wake-up.** A round runs after every `nudge()` (a writer that just committed), every
///   `pollInterval` (timers whose not-before time came, rows left by a crash), and at once again
///   while full batches come back. After a round in which nothing could be published it backs off
///   (`backoff`, capped). Published rows are pruned after `retention`, every `pruneInterval`.
public struct OutboxRelay: Service {
    public struct Settings: Sendable {
        public var pollInterval: Duration
        /// At most this many rows per round.
        public var batchSize: Int
        /// How long published rows are kept (for inspection) before they are pruned.
        public var retention: Duration
        public var pruneInterval: Duration
        public var backoff: ReconnectPolicy

        public init(
            pollInterval: Duration = .seconds(1), batchSize: Int = 200, retention: Duration = .seconds(7 * 86_400),
            pruneInterval: Duration = .seconds(3600),
            backoff: ReconnectPolicy = ReconnectPolicy(initialDelay: .milliseconds(250), maximumDelay: .seconds(30))
        ) {
            self.pollInterval = pollInterval
            self.batchSize = max(1, batchSize)
            self.retention = retention
            self.pruneInterval = pruneInterval
            self.backoff = backoff
        }
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        /// How many rows were due (at most the batch size).
        public var due: Int
        /// Event ids published and marked, in the order they were confirmed per wave.
        public var published: [String]
        /// Event ids whose publish failed (retried on a later round).
        public var failed: [String]

        public init(due: Int, published: [String], failed: [String]) {
            self.due = due
            self.published = published
            self.failed = failed
        }
    }

    private let store: any OutboxStore
    private let publisher: any EventPublisher
    private let settings: Settings
    private let serviceName: String
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let wakeUp = OutboxWakeUp()

    public init(
        store: any OutboxStore, publisher: any EventPublisher, settings: Settings = Settings(), serviceName: String, logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.publisher = publisher
        self.settings = settings
        self.serviceName = serviceName
        self.logger = logger
        self.clock = clock
    }

    /// Asks for a round now (call after committing outbox rows).
    public func nudge() {
        wakeUp.nudge()
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await relayUntilCancelled() }
    }

    private func relayUntilCancelled() async {
        var failedRounds = 0
        var nextPrune = ContinuousClock.now
        while !Task.isCancelled {
            if ContinuousClock.now >= nextPrune {
                nextPrune = .now + settings.pruneInterval
                await prune()
            }
            var stuck = false
            var more = false
            do {
                let round = try await relayOnce()
                stuck = round.published.isEmpty && !round.failed.isEmpty
                more = round.due >= settings.batchSize && !round.published.isEmpty
            } catch {
                stuck = true
                logger.warning("outbox relay could not read or mark the outbox; retrying", metadata: ["error": "\(error)"])
            }
            if stuck {
                try? await Task.sleep(for: settings.backoff.delay(attempt: failedRounds))
                failedRounds += 1
            } else {
                failedRounds = 0
                if !more { await wakeUp.wait(upTo: settings.pollInterval) }
            }
        }
    }

    /// One round: reads the due rows, publishes them in waves (per subject in write order) and
    /// marks what the broker confirmed. Throws only when the outbox cannot be read or marked.
    @discardableResult
    public func relayOnce() async throws -> Round {
        let rows = try await store.due(at: clock(), limit: settings.batchSize)
        guard !rows.isEmpty else { return Round(due: 0, published: [], failed: []) }
        var subjects: [String] = []
        var queues: [String: ArraySlice<OutboxRecord>] = [:]
        for row in rows {
            if queues[row.subject] == nil { subjects.append(row.subject) }
            queues[row.subject, default: []].append(row)
        }
        var published: [OutboxRecord] = []
        var failed: [(row: OutboxRecord, error: any Error)] = []
        while true {
            let wave = subjects.compactMap { queues[$0]?.first }
            if wave.isEmpty { break }
            for (row, result) in zip(wave, await publish(wave)) {
                switch result {
                case .success:
                    published.append(row)
                    queues[row.subject]?.removeFirst()
                    if queues[row.subject]?.isEmpty == true { queues[row.subject] = nil }
                case .failure(let error):
                    failed.append((row, error))
                    queues[row.subject] = nil  // the rest of this subject waits for that row
                }
            }
        }
        if !published.isEmpty {
            let ids = published.map(\.eventID)
            let now = clock()
            // Not cancelled by a shutdown arriving mid-round: what the broker confirmed is marked.
            try await Task { [store] in try await store.markPublished(ids, at: now) }.value
            count(published, label: "mentorflow_outbox_published_total")
            logger.info("published outbox events", metadata: [
                "count": "\(published.count)", "types": "\(Set(published.map(\.eventType)).sorted().joined(separator: ","))",
            ])
        }
        if !failed.isEmpty {
            count(failed.map(\.row), label: "mentorflow_outbox_publish_failures_total")
            logger.warning("outbox events not published; retrying later with the same ids", metadata: [
                "count": "\(failed.count)", "first_id": "\(failed[0].row.eventID)", "first_type": "\(failed[0].row.eventType)",
                "error": "\(failed[0].error)",
            ])
        }
        return Round(due: rows.count, published: published.map(\.eventID), failed: failed.map(\.row.eventID))
    }

    /// Publishes one wave (at most one row per subject) concurrently; each row's outcome in order.
    private func publish(_ wave: [OutboxRecord]) async -> [Result<Void, any Error>] {
        await withTaskGroup(of: (Int, Result<Void, any Error>).self) { group in
            for (index, row) in wave.enumerated() {
                group.addTask { [publisher] in
                    do {
                        try await publisher.publish([try row.event.get()])
                        return (index, .success(()))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<Void, any Error>](repeating: .success(()), count: wave.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
    }

    private func count(_ rows: [OutboxRecord], label: String) {
        for (type, rows) in Dictionary(grouping: rows, by: \.eventType) {
            Counter(label: label, dimensions: [("service", serviceName), ("type", type)]).increment(by: rows.count)
        }
    }

    private func prune() async {
        do {
            let pruned = try await store.prunePublished(before: clock().addingTimeInterval(-(settings.retention / .seconds(1))))
            if pruned > 0 { logger.info("pruned published outbox rows", metadata: ["count": "\(pruned)"]) }
        } catch {
            logger.warning("outbox prune failed; retrying later", metadata: ["error": "\(error)"])
        }
    }
}
