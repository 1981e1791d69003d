import Codec
import Foundation
import InsightsCore
import Model
import SentimentAnalysis
import Testing
import TestSupport

/// The read model on real SQLite files: order and duplicate tolerance, flag changes published
/// only once a level has held for the settle window (controlled clock), the grace-period sweep,
/// queries, and reopening.
@Suite struct InsightsStoreTests {
    func temporaryPath(_ name: String = #function) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("insights-\(UUID().uuidString.prefix(8))/\(name.prefix(30)).sqlite").path
    }

    /// The sample's events plus the downstream services' events for some sessions.
    func stream() throws -> [CloudEvent] {
        var (events, _) = try CSVSessionLoader(analyzer: try SentimentAnalyzer()).events(file: SampleData.csv)
        for index in stride(from: 1, through: 600, by: 37) {
            let session = String(format: "S-%06d", index)
            let base = TestEvents.start
            events += [
                TestEvents.followUpBooked(session, at: base + Double(index)),
                TestEvents.summary(session, version: 1, text: "draft one", at: base + Double(index) + 1),
                TestEvents.summary(session, version: 2, text: "draft two", at: base + Double(index) + 2),
                TestEvents.notification(session, failed: true, at: base + Double(index) + 3),
                TestEvents.notification(session, failed: false, at: base + Double(index) + 4),
            ] + TestEvents.escalation(session, at: base + Double(index) + 5)
            if index % 2 == 1 { events.append(TestEvents.approved(session, text: "final text", at: base + Double(index) + 6)) }
        }
        return SessionProjection.ordered(events)
    }

    func snapshot(_ store: InsightsStore) throws -> ([SessionRecord], [SessionDetail], ProgramMetrics) {
        let records = try store.records()
        // The published flag history is part of the details: the path through levels within the
        // settle window depends on arrival order, what is published must not.
        let details = try records.map { try #require(try store.session(id: $0.sessionID)) }
        return (records, details, ProgramMetrics(records: records))
    }

    /// Applies `events` at the clock's time, checks nothing is published within the settle
    /// window, then moves past it and publishes: the changes and the snapshot after that.
    func applyAndSettle(_ events: [CloudEvent], path: String) throws -> (duplicates: Int, published: [FlagChange], snapshot: ([SessionRecord], [SessionDetail], ProgramMetrics)) {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = try InsightsStore(path: path, settleWindow: .seconds(60), clock: clock.function)
        var duplicates = 0
        for event in events where try store.apply(event).duplicate { duplicates += 1 }
        clock.advance(by: 59)
        #expect(try store.sweep().isEmpty, "nothing has held for the settle window yet")
        #expect(try store.session(id: "S-000001")?.flagHistory == [])
        clock.advance(by: 1)
        let published = try store.sweep()
        try store.markPublished(published)
        #expect(try store.sweep().isEmpty)
        return (duplicates, published, try snapshot(store))
    }

    @Test func shuffledAndDuplicatedStreamsEqualTheInOrderFold() throws {
        let events = try stream()
        let inOrder = try applyAndSettle(events, path: temporaryPath("in-order"))
        let expected = inOrder.snapshot
        #expect(expected.0.count == 600)  // follow-up sessions are named by followup.booked, not booked themselves
        // One change per non-green session, from green, at the time its level was reached.
        let flagged = expected.0.filter { $0.flag.level != .green }
        #expect(!flagged.isEmpty && inOrder.published.count == flagged.count)
        #expect(inOrder.published.allSatisfy { $0.sequence == 1 && $0.previousLevel == .green && $0.at == Date(timeIntervalSince1970: 1_800_000_000) })
        #expect(Set(inOrder.published.map(\.sessionID)) == Set(flagged.map(\.sessionID)))
        for seed in [1, 2] as [UInt64] {
            var random = SeededRandom(seed: seed)
            var shuffled = events.shuffled(using: &random)
            // Redeliver a third of the events, at random later points.
            for event in events where Int.random(in: 0..<3, using: &random) == 0 {
                shuffled.insert(event, at: Int.random(in: 0...shuffled.count, using: &random))
            }
            let result = try applyAndSettle(shuffled, path: temporaryPath("shuffled-\(seed)"))
            #expect(result.duplicates == shuffled.count - events.count)
            #expect(result.published == inOrder.published, "published changes differ for seed \(seed)")
            let actual = result.snapshot
            #expect(actual.0 == expected.0, "records differ for seed \(seed): \(zip(actual.0, expected.0).first { $0 != $1 }.map { "\($0)\nvs\n\($1)" } ?? "counts")")
            #expect(actual.1 == expected.1, "details differ for seed \(seed)")
            #expect(actual.2 == expected.2, "metrics differ for seed \(seed)")
            #expect(actual.0.map(\.flag) == expected.0.map(\.flag), "flags differ for seed \(seed)")
        }
    }

    @Test func theBatchLoadEqualsEventByEventApplication() throws {
        let events = try stream()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let single = try InsightsStore(path: nil, clock: clock.function)
        for event in events { try single.apply(event) }
        let batch = try InsightsStore(path: nil, clock: clock.function)
        try batch.apply(batch: events.reversed())
        #expect(try batch.records() == single.records())
    }

    /// A historical session: the completion alone is "feedback missing" (the grace period has long
    /// passed), and its comment a moment later makes it green again. The live level follows at
    /// once; nothing is published.
    @Test func aFlipBackWithinTheSettleWindowPublishesNothing() throws {
        let clock = ManualClock(TestEvents.start + 30 * 86_400)
        let store = try InsightsStore(path: temporaryPath(), settleWindow: .seconds(60), clock: clock.function)
        try store.apply(TestEvents.scheduled("S-1"))
        let completed = try store.apply(TestEvents.completed("S-1"))
        #expect(completed.flag == FlagAssessment(level: .yellow, reasons: [.feedbackMissing]))
        #expect(try store.session(id: "S-1")?.record.flag.level == .yellow, "the read model shows the live level")
        clock.advance(by: 0.3)
        #expect(try store.sweep().isEmpty)
        clock.advance(by: 0.3)
        try store.apply(TestEvents.feedback("S-1", rating: 5, comment: "Very helpful"))
        #expect(try store.session(id: "S-1")?.record.flag == .green)
        clock.advance(by: 3600)
        #expect(try store.sweep().isEmpty, "green again: the published level")
        #expect(try store.session(id: "S-1")?.flagHistory == [])
        #expect(try store.flagChanges().isEmpty)
    }

    @Test func aLevelHeldPastTheWindowIsPublishedOnceAgainstTheLastPublishedLevel() throws {
        let t0 = TestEvents.start + 3600
        let clock = ManualClock(t0)
        let store = try InsightsStore(path: temporaryPath(), settleWindow: .seconds(60), clock: clock.function)
        try store.apply(TestEvents.scheduled("S-1"))
        // Prep partial: yellow, held.
        try store.apply(TestEvents.completed("S-1", prep: .partial))
        clock.advance(by: 59.9)
        #expect(try store.sweep().isEmpty, "not held for 60 s yet")
        clock.advance(by: 0.1)
        let first = try store.sweep()
        #expect(first == [FlagChange(
            sessionID: "S-1", sequence: 1, level: .yellow, previousLevel: .green, reasons: [.mentorPartlyPrepared], pmCluster: "cluster-a",
            at: t0, cause: "sweep")])
        #expect(try store.session(id: "S-1")?.flagHistory == [], "stored, not yet confirmed published")
        #expect(try store.sweep() == first, "the outbox returns it until it is marked")
        try store.markPublished(first)
        #expect(try store.sweep().isEmpty)
        #expect(try store.session(id: "S-1")?.flagHistory == first)
        // The reasons change, the level stays yellow: nothing.
        try store.apply(TestEvents.event("S-1-completed-2", .sessionCompleted(SessionCompleted(
            sessionID: "S-1", actualDurationMin: 45, outcome: TestEvents.outcome(prep: .no))), at: TestEvents.start + 2800))
        #expect(try store.session(id: "S-1")?.record.flag == FlagAssessment(level: .yellow, reasons: [.mentorNotPrepared]))
        clock.advance(by: 120)
        #expect(try store.sweep().isEmpty, "a change of reasons alone is not published")
        // Red (negative feedback), back to yellow (a newer neutral score) within the window: nothing.
        try store.apply(TestEvents.scored("S-1", .negative))
        clock.advance(by: 30)
        #expect(try store.sweep().isEmpty)
        try store.apply(TestEvents.event("S-1-scored-2", TestEvents.scored("S-1", .neutral).data, at: TestEvents.start + 3100))
        #expect(try store.session(id: "S-1")?.record.flag.level == .yellow)
        clock.advance(by: 120)
        #expect(try store.sweep().isEmpty, "yellow is the published level")
        // Red for good (a newer negative score): published after the window as change 2, previous yellow.
        let redAt = clock.now
        try store.apply(TestEvents.event("S-1-scored-3", TestEvents.scored("S-1", .negative).data, at: TestEvents.start + 3200))
        clock.advance(by: 60)
        let second = try store.sweep()
        #expect(second.count == 1)
        #expect(second.first?.sequence == 2 && second.first?.level == .red && second.first?.previousLevel == .yellow)
        #expect(second.first?.reasons == [.mentorNotPrepared, .negativeFeedback] && second.first?.at == redAt)
        #expect(InsightsStore.eventID(of: second[0]) != InsightsStore.eventID(of: first[0]))
        try store.markPublished(second)
        #expect(try store.session(id: "S-1")?.flagHistory.map(\.level) == [.yellow, .red])
        #expect(second[0].payload.flag.previousLevel == .yellow && second[0].payload.pmCluster == "cluster-a")
    }

    /// The sweep writes each settled change's `session.flagged` into the store's outbox in its own
    /// transaction (id `eventID(of:)`, the store's source, the time the level was reached), and
    /// the outbox's mark (what the relay does once the broker confirmed) publishes the change.
    @Test func theSweepWritesTheEventsIntoTheOutboxAndTheMarkPublishesTheChanges() async throws {
        let t0 = TestEvents.start + 3600
        let clock = ManualClock(t0)
        let store = try InsightsStore(path: temporaryPath(), settleWindow: .seconds(60), eventSource: "/mentorflow/insights-b", clock: clock.function)
        try store.apply(TestEvents.scheduled("S-1"))
        try store.apply(TestEvents.noShow("S-1"))
        #expect(try await store.outbox.due(at: .distantFuture, limit: 10).isEmpty, "nothing before the sweep records a change")
        clock.advance(by: 60)
        let changes = try store.sweep()
        #expect(changes.count == 1)
        let due = try await store.outbox.due(at: clock.now, limit: 10)
        #expect(due.map(\.eventID) == changes.map(InsightsStore.eventID(of:)) && due.map(\.subject) == ["S-1"])
        #expect(try due.first?.event.get() == CloudEvent(
            id: InsightsStore.eventID(of: changes[0]), source: "/mentorflow/insights-b", time: t0, data: .sessionFlagged(changes[0].payload)))
        #expect(try store.sweep() == changes)
        #expect(try await store.outbox.due(at: clock.now, limit: 10).count == 1, "written once")
        try await store.outbox.markPublished(due.map(\.eventID), at: clock.now)
        #expect(try store.session(id: "S-1")?.flagHistory == changes)
        #expect(try store.sweep().isEmpty)
        #expect(try await store.outbox.due(at: clock.now, limit: 10).isEmpty)
    }

    /// A redelivered event changes nothing: not the record, and not since when the level holds
    /// (the redelivery of the event that made it yellow does not restart the window).
    @Test func aRedeliveredEventChangesNothing() throws {
        let t0 = TestEvents.start + 3600
        let clock = ManualClock(t0)
        let store = try InsightsStore(path: temporaryPath(), settleWindow: .seconds(60), clock: clock.function)
        try store.apply(TestEvents.scheduled("S-1"))
        try store.apply(TestEvents.noShow("S-1"))
        let before = try store.session(id: "S-1")
        clock.advance(by: 40)
        let again = try store.apply(TestEvents.noShow("S-1"))
        #expect(again == ApplyOutcome(duplicate: true, flag: nil))
        #expect(try store.session(id: "S-1") == before)
        clock.advance(by: 20)
        let changes = try store.sweep()
        #expect(changes.map(\.at) == [t0] && changes.map(\.level) == [.red])
        try store.markPublished(changes)
        #expect(try store.apply(TestEvents.noShow("S-1")).duplicate)
        clock.advance(by: 600)
        #expect(try store.sweep().isEmpty)
        #expect(try store.session(id: "S-1")?.flagHistory == changes)
    }

    @Test func feedbackMissingComesFromTheSweepAfterTheGracePeriod() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let path = temporaryPath()
        // Settle window 0: a level is published at the next sweep.
        var store = try InsightsStore(path: path, settleWindow: .zero, clock: clock.function)
        try store.apply(TestEvents.scheduled("S-1"))
        try store.apply(TestEvents.completed("S-1"))
        try store.apply(TestEvents.scheduled("S-2"))
        try store.apply(TestEvents.completed("S-2"))
        try store.apply(TestEvents.feedback("S-2", rating: 5, comment: "Very helpful"))
        #expect(try store.sweep().isEmpty)
        clock.advance(by: 47 * 3600)
        #expect(try store.sweep().isEmpty, "still within the 48 h grace period")
        clock.advance(by: 3600)
        let changes = try store.sweep()
        #expect(changes.map(\.sessionID) == ["S-1"])
        #expect(changes.first?.reasons == [.feedbackMissing] && changes.first?.cause == "sweep")
        // Unpublished changes come back on the next sweep (and after a restart) until marked.
        store = try InsightsStore(path: path, settleWindow: .zero, clock: clock.function)
        let pending = try store.sweep()
        #expect(pending == changes)
        #expect(InsightsStore.eventID(of: pending[0]) == InsightsStore.eventID(of: changes[0]))
        try store.markPublished(pending)
        #expect(try store.sweep().isEmpty)
        // A comment arriving late clears the reason: green, published at the next sweep.
        #expect(try store.apply(TestEvents.feedback("S-1", rating: 4, comment: "Sorry, late: it was good")).flag == .green)
        let late = try store.sweep()
        #expect(late.map(\.level) == [.green] && late.map(\.previousLevel) == [.yellow] && late.map(\.sequence) == [2])
    }

    @Test func aShorterGracePeriodAppliesToSessionsAlreadyWaiting() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let path = temporaryPath()
        do {
            let store = try InsightsStore(path: path, clock: clock.function)
            try store.apply(TestEvents.scheduled("S-1"))
            try store.apply(TestEvents.completed("S-1"))
            clock.advance(by: 3 * 3600)
            #expect(try store.sweep().isEmpty, "48 h by default")
        }
        var rules = FlagRules.default
        rules.feedbackGracePeriod = .seconds(2 * 3600)
        let reopened = try InsightsStore(path: path, rules: rules, settleWindow: .zero, clock: clock.function)
        #expect(try reopened.sweep().map(\.reasons) == [[.feedbackMissing]])
    }

    @Test func anEmptyCommentHasNoSentimentAndIsFeedbackMissing() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let store = try InsightsStore(path: nil, clock: clock.function)
        // The score arrives first, then the submission with a blank comment.
        try store.apply(TestEvents.scored("S-1", .neutral, missing: true))
        #expect(try store.session(id: "S-1")?.record.feedbackMissing == true)
        try store.apply(TestEvents.feedback("S-1", rating: 4, comment: "  \u{FEFF} "))
        let record = try #require(try store.session(id: "S-1")?.record)
        #expect(record.sentiment == nil && record.feedbackMissing && record.rating == 4)
        #expect(try store.sessions(matching: SessionFilter(sentiment: .neutral)).total == 0)
        // A scored comment counts as present even before its submission arrives.
        try store.apply(TestEvents.scored("S-2", .positive))
        #expect(try store.session(id: "S-2")?.record.feedbackMissing == false)
        #expect(try store.sessions(matching: SessionFilter(sentiment: .positive)).items.map(\.sessionID) == ["S-2"])
    }

    @Test func thePMFeedsAreScopedByCluster() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let store = try InsightsStore(path: nil, settleWindow: .zero, clock: clock.function)
        try store.apply(TestEvents.scheduled("S-A", cluster: "cluster-a"))
        try store.apply(TestEvents.noShow("S-A"))
        clock.advance(by: 60)
        try store.apply(TestEvents.scheduled("S-B", cluster: "cluster-b"))
        try store.apply(TestEvents.cancelled("S-B"))
        let opened = TestEvents.escalation("S-B", at: TestEvents.start)[0]
        try store.apply(opened)
        #expect(try store.flagChanges().isEmpty, "nothing published yet")
        try store.markPublished(try store.sweep())
        let all = try store.flagChanges()
        #expect(all.map(\.sessionID) == ["S-B", "S-A"], "newest first")
        #expect(try store.flagChanges(matching: SessionFilter(pmClusters: ["cluster-a"])).map(\.sessionID) == ["S-A"])
        #expect(try store.flagChanges(since: TestEvents.start + 3630).map(\.sessionID) == ["S-B"])
        let open = try store.openEscalations()
        #expect(open.map(\.session.sessionID) == ["S-B"] && open.first?.escalation.isOpen == true)
        #expect(try store.openEscalations(matching: SessionFilter(pmClusters: ["cluster-a"])).isEmpty)
    }

    @Test func theStoreSurvivesReopening() throws {
        let path = temporaryPath()
        let t0 = TestEvents.start + 3600
        let clock = ManualClock(t0)
        do {
            let store = try InsightsStore(path: path, settleWindow: .seconds(60), clock: clock.function)
            try store.apply(TestEvents.scheduled("S-1"))
            try store.apply(TestEvents.noShow("S-1"))
            try store.apply(TestEvents.scheduled("S-2"))
            try store.apply(TestEvents.cancelled("S-2"))
            clock.advance(by: 60)
            try store.markPublished(try store.sweep())
            // S-2 turns red (low rating), not yet settled, when the store closes.
            try store.apply(TestEvents.feedback("S-2", rating: 1, comment: "never happened"))
        }
        clock.advance(by: 30)
        let reopened = try InsightsStore(path: path, settleWindow: .seconds(60), clock: clock.function)
        let record = try #require(try reopened.session(id: "S-1")?.record)
        #expect(record.state == .noShow && record.flag.level == .red)
        #expect(try reopened.apply(TestEvents.noShow("S-1")).duplicate)
        #expect(try reopened.eventCount() == 5)
        #expect(try reopened.session(id: "S-1")?.flagHistory.map(\.level) == [.red], "published state kept")
        #expect(try reopened.sweep().isEmpty, "S-2's red has held 30 s of 60")
        clock.advance(by: 30)
        let pending = try reopened.sweep()
        #expect(pending.map(\.sessionID) == ["S-2"] && pending.map(\.level) == [.red])
        #expect(pending.map(\.previousLevel) == [.yellow] && pending.map(\.sequence) == [2] && pending.map(\.at) == [t0 + 60])
    }

    @Test func filtersAndPagesAreStable() throws {
        let (store, _) = try SampleData.loadedStore(path: temporaryPath())
        let all = try store.sessions(matching: .all, limit: 1000)
        #expect(all.total == 600 && all.items.count == 600)
        let sorted = all.items.sorted { ($0.scheduledAt!, $1.sessionID) > ($1.scheduledAt!, $0.sessionID) }
        #expect(all.items.map(\.scheduledAt) == sorted.map(\.scheduledAt))
        // Pages tile the listing.
        let pages = try stride(from: 0, to: 600, by: 50).flatMap { try store.sessions(limit: 50, offset: $0).items }
        #expect(pages == all.items)
        // Each filter selects what the in-memory predicate selects.
        let filters: [SessionFilter] = [
            SessionFilter(mentorID: "M-003"),
            SessionFilter(pmClusters: ["cluster-a", "cluster-c"]),
            SessionFilter(pmClusters: []),
            SessionFilter(sessionType: .mockInterview),
            SessionFilter(scheduledFrom: Date(timeIntervalSince1970: 1_745_000_000), scheduledTo: Date(timeIntervalSince1970: 1_755_000_000)),
            SessionFilter(sentiment: .negative),
            SessionFilter(flagLevel: .red),
            SessionFilter(state: .noShow),
            SessionFilter(learnerID: "L-0106"),
            SessionFilter(mentorID: "M-001", pmClusters: ["cluster-b"]),
        ]
        for filter in filters {
            let expected = all.items.filter(filter.matches)
            let page = try store.sessions(matching: filter, limit: 1000)
            #expect(page.items == expected && page.total == expected.count, "\(filter)")
            #expect(try store.records(matching: filter) == expected)
        }
        #expect(try store.sessions(matching: SessionFilter(pmClusters: [])).total == 0)
        let mentors = try store.mentors(matching: SessionFilter(pmClusters: ["cluster-a"]))
        #expect(mentors.map(\.mentorID) == ["M-001", "M-002", "M-003", "M-004"])
    }

    @Test func theSessionDetailCarriesEveryHistory() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let store = try InsightsStore(path: temporaryPath(), clock: clock.function)
        let events = [
            TestEvents.scheduled("S-1"), TestEvents.completed("S-1", followUp: false), TestEvents.followUpBooked("S-1"),
            TestEvents.summary("S-1", version: 2, text: "two"), TestEvents.summary("S-1", version: 1, text: "one"),
            TestEvents.notification("S-1", failed: true, at: TestEvents.start + 6000), TestEvents.notification("S-1", failed: false, at: TestEvents.start + 6001),
        ] + TestEvents.escalation("S-1", at: TestEvents.start + 7000)
        for event in events.reversed() { try store.apply(event) }
        let detail = try #require(try store.session(id: "S-1"))
        #expect(detail.record.summary?.text == "two" && detail.record.summary?.version == 2 && detail.record.summary?.status == .draft)
        #expect(detail.record.summary?.actionItems.first?.dueHint == "Friday")
        #expect(detail.followUps.count == 1 && detail.record.followUpsBooked == 1)
        #expect(detail.record.flag == .green, "the booked follow-up answers no_follow_up")
        #expect(detail.notifications.count == 1 && detail.notifications[0].delivered)
        #expect(detail.escalations.count == 1 && detail.escalations[0].acknowledgedBy == "pm-a" && detail.escalations[0].reasons == [.negativeFeedback])
        #expect(try store.openEscalations().isEmpty)
        try store.apply(TestEvents.approved("S-1", text: "edited by mentor"))
        let approved = try #require(try store.session(id: "S-1")?.record.summary)
        #expect(approved.text == "edited by mentor" && approved.status == .final && approved.keyPhrases == ["graphs"])
        #expect(try store.session(id: "S-404") == nil)
    }
}

/// A rules file changed between runs reaches every stored session at start, not only those that
/// get a new event; the same rules again re-evaluate nothing.
@Suite struct RulesChangeTests {
    @Test func reopeningWithOtherRulesReevaluatesEverySession() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rules-change-\(UUID()).sqlite").path
        let clock = ManualClock(TestEvents.start + 86_400)
        let lenient = FlagRules(
            severities: FlagRules.default.severities.merging([.mentorPartlyPrepared: .off]) { $1 }, lowRatingAtMost: 1,
            feedbackGracePeriod: .seconds(3600), redWhenYellowReasonsAtLeast: nil)
        do {
            let store = try InsightsStore(path: path, rules: lenient, clock: clock.function)
            try store.apply(TestEvents.scheduled("S-1"))
            try store.apply(TestEvents.completed("S-1", prep: .partial, followUp: true))
            try store.apply(TestEvents.feedback("S-1", rating: 2, comment: "Useful session."))
            let record = try #require(try store.records().first)
            #expect(record.flag == .green, "partial prep is off and 2 is not low under these rules: \(record.flag)")
        }
        // The operator switches partial prep back on and makes 2 a low rating: S-1 gets no new event.
        let strict = try InsightsStore(path: path, rules: .default, clock: clock.function)
        let record = try #require(try strict.records().first)
        #expect(record.flag.level == .red)
        #expect(record.flag.reasons == [.mentorPartlyPrepared, .lowRating])
        // Reopened with the same rules: nothing to do, and the flag stays.
        let again = try InsightsStore(path: path, rules: .default, clock: clock.function)
        #expect(try again.records().first?.flag == record.flag)
    }
}
