import Codec
import Foundation
import GRDB
import Logging
import Model
import ServiceLifecycle
import Testing
import TestSupport
import ServiceKit

/// The relay against a real SQLite outbox and an in-memory publisher: everything due goes out once
/// and is marked; a refused row is not marked, holds back its own subject only, and goes out later
/// with the same id and in its place; timers wait for their time; a nudge wakes the relay and a
/// graceful shutdown stops it.
@Suite struct OutboxRelayTests {
    let start = OutboxFixtures.start
    let logger = Logger(label: "test.outbox-relay")

    func flagged(_ id: String, _ session: String) -> CloudEvent { OutboxFixtures.flagged(id, session: session) }

    func makeRelay(_ outbox: GRDBOutbox, _ publisher: RecordingPublisher, clock: ManualClock? = nil, pollInterval: Duration = .seconds(3600)) -> OutboxRelay {
        var now: @Sendable () -> Date = { OutboxFixtures.start }
        if let clock { now = clock.function }
        return OutboxRelay(
            store: outbox, publisher: publisher, settings: OutboxRelay.Settings(pollInterval: pollInterval, batchSize: 50), serviceName: "test",
            logger: logger, clock: now)
    }

    /// A-1, B-1, A-2, A-3, B-2 written in that order.
    func interleaved() -> [CloudEvent] {
        [flagged("a-1", "S-A"), flagged("b-1", "S-B"), flagged("a-2", "S-A"), flagged("a-3", "S-A"), flagged("b-2", "S-B")]
    }

    @Test func everyDueRowGoesOutOnceInWriteOrderPerSubjectAndIsMarked() async throws {
        let outbox = try OutboxFixtures.outbox(holding: interleaved())
        let publisher = RecordingPublisher()
        let relay = makeRelay(outbox, publisher)
        let round = try await relay.relayOnce()
        #expect(round.due == 5 && Set(round.published) == ["a-1", "a-2", "a-3", "b-1", "b-2"] && round.failed.isEmpty)
        #expect(publisher.ids(of: "S-A") == ["a-1", "a-2", "a-3"] && publisher.ids(of: "S-B") == ["b-1", "b-2"])
        #expect(publisher.published.map(\.id).sorted() == round.published.sorted(), "each once")
        #expect(publisher.published.first { $0.id == "a-2" } == flagged("a-2", "S-A"), "the event as written")
        #expect(try await outbox.due(at: start, limit: 10).isEmpty, "all marked")
        #expect(try await relay.relayOnce() == OutboxRelay.Round(due: 0, published: [], failed: []))
        #expect(publisher.published.count == 5)
    }

    @Test func aRefusedRowIsNotMarkedHoldsBackOnlyItsSubjectAndGoesOutLaterWithTheSameID() async throws {
        let outbox = try OutboxFixtures.outbox(holding: interleaved())
        let publisher = RecordingPublisher()
        let relay = makeRelay(outbox, publisher)
        publisher.refuse(["a-2"])
        let first = try await relay.relayOnce()
        #expect(first.failed == ["a-2"])
        #expect(publisher.ids(of: "S-A") == ["a-1"], "a-3 must not overtake a-2")
        #expect(publisher.ids(of: "S-B") == ["b-1", "b-2"], "another subject goes on")
        #expect(try await outbox.due(at: start, limit: 10).map(\.eventID) == ["a-2", "a-3"], "nothing marked for the refused row or behind it")
        // Still refused: still nothing for S-A, and no second copy of what went out.
        #expect(try await relay.relayOnce().failed == ["a-2"])
        #expect(publisher.published.count == 3)
        publisher.refuse([])
        let retried = try await relay.relayOnce()
        #expect(retried.published == ["a-2", "a-3"] && retried.failed.isEmpty)
        #expect(publisher.ids(of: "S-A") == ["a-1", "a-2", "a-3"], "in written order, with the ids fixed when written")
        #expect(publisher.published.filter { $0.id == "a-2" } == [flagged("a-2", "S-A")])
        #expect(try await outbox.due(at: start, limit: 10).isEmpty)
    }

    @Test func withTheBrokerDownNothingIsMarkedAndEverythingGoesOutLaterInOrder() async throws {
        let outbox = try OutboxFixtures.outbox(holding: interleaved())
        let publisher = RecordingPublisher()
        let relay = makeRelay(outbox, publisher)
        publisher.setDown(true)
        let down = try await relay.relayOnce()
        #expect(down.published.isEmpty && Set(down.failed) == ["a-1", "b-1"], "only each subject's first row was tried")
        #expect(try await outbox.due(at: start, limit: 10).map(\.eventID) == interleaved().map(\.id))
        publisher.setDown(false)
        #expect(try await relay.relayOnce().published.count == 5)
        #expect(publisher.ids(of: "S-A") == ["a-1", "a-2", "a-3"] && publisher.ids(of: "S-B") == ["b-1", "b-2"])
    }

    @Test func aTimerWaitsForItsTimeWithoutHoldingBackItsSubject() async throws {
        let outbox = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        try await outbox.database.write { db in
            try outbox.append([OutboxMessage(flagged("reminder", "S-1"), notBefore: start + 3600)], at: start, in: db)
            try outbox.append([OutboxMessage(flagged("now", "S-1"))], at: start, in: db)
        }
        let clock = ManualClock(start)
        let publisher = RecordingPublisher()
        let relay = makeRelay(outbox, publisher, clock: clock)
        #expect(try await relay.relayOnce().published == ["now"])
        clock.advance(by: 3599)
        #expect(try await relay.relayOnce().published.isEmpty)
        clock.advance(by: 1)
        #expect(try await relay.relayOnce().published == ["reminder"])
        #expect(publisher.ids(of: "S-1") == ["now", "reminder"])
    }

    /// Run as a lifecycle service with an hour's poll interval: a nudge after a write makes it
    /// publish, and a graceful shutdown ends `run()`.
    @Test func aNudgeWakesTheRunningRelayAndAGracefulShutdownStopsIt() async throws {
        let outbox = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        let publisher = RecordingPublisher()
        let relay = makeRelay(outbox, publisher)
        let group = ServiceGroup(configuration: .init(services: [.init(service: relay)], logger: logger))
        let running = Task { try await group.run() }
        try await outbox.database.write { db in try outbox.append([OutboxMessage(flagged("e-1", "S-1"))], at: start, in: db) }
        relay.nudge()
        let deadline = ContinuousClock.now + .seconds(30)
        while publisher.published.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(publisher.published.map(\.id) == ["e-1"])
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(try await outbox.due(at: start, limit: 10).isEmpty)
    }
}
