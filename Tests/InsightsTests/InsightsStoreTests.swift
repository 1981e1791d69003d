import Codec
import Foundation
import InsightsCore
import Model
import SentimentAnalysis
import Testing
import TestSupport

/// The read model on real SQLite files: order and duplicate tolerance, flag changes once per
/// level change, the grace-period sweep under a controlled clock, queries, and reopening.
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
        let details = try records.map { record -> SessionDetail in
            var detail = try #require(try store.session(id: record.sessionID))
            detail.flagHistory = []  // the path through levels depends on arrival order; the end state must not
            return detail
        }
        return (records, details, ProgramMetrics(records: records))
    }

    @Test func shuffledAndDuplicatedStreamsEqualTheInOrderFold() throws {
        let events = try stream()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let inOrder = try InsightsStore(path: temporaryPath("in-order"), clock: clock.function)
        for event in events { try inOrder.apply(event) }
        let expected = try snapshot(inOrder)
        #expect(expected.0.count == 600)  // follow-up sessions are named by followup.booked, not booked themselves
        for seed in [1, 2] as [UInt64] {
            var random = SeededRandom(seed: seed)
            var shuffled = events.shuffled(using: &random)
            // Redeliver a third of the events, at random later points.
            for event in events where Int.random(in: 0..<3, using: &random) == 0 {
                shuffled.insert(event, at: Int.random(in: 0...shuffled.count, using: &random))
            }
            let store = try InsightsStore(path: temporaryPath("shuffled-\(seed)"), clock: clock.function)
            var duplicates = 0
            for event in shuffled where try store.apply(event).duplicate { duplicates += 1 }
            #expect(duplicates == shuffled.count - events.count)
            let actual = try snapshot(store)
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

    @Test func aLevelChangeIsReportedOnceAndARedeliveryReturnsTheSameChange() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let store = try InsightsStore(path: temporaryPath(), clock: clock.function)
        #expect(try store.apply(TestEvents.scheduled("S-1")).flagChange == nil)
        // Prep partial: yellow.
        let completed = try store.apply(TestEvents.completed("S-1", prep: .partial))
        let first = try #require(completed.flagChange)
        #expect(first.level == .yellow && first.previousLevel == .green && first.reasons == [.mentorPartlyPrepared])
        #expect(first.pmCluster == "cluster-a" && first.sequence == 1)
        // A rating of 4 changes nothing: no change reported.
        #expect(try store.apply(TestEvents.feedback("S-1", rating: 4, comment: "fine", id: "fb-1")).flagChange == nil)
        // Negative feedback: red, with the previous level.
        let scored = try #require(try store.apply(TestEvents.scored("S-1", .negative)).flagChange)
        #expect(scored.level == .red && scored.previousLevel == .yellow && scored.reasons == [.mentorPartlyPrepared, .negativeFeedback])
        // The same event again: a duplicate, returning the same change (so the same event id is re-published).
        let again = try store.apply(TestEvents.scored("S-1", .negative))
        #expect(again.duplicate && again.flagChange == scored)
        let detail = try #require(try store.session(id: "S-1"))
        #expect(detail.flagHistory.map(\.level) == [.yellow, .red])
        #expect(detail.record.flag == FlagAssessment(level: .red, reasons: [.mentorPartlyPrepared, .negativeFeedback]))
        let payload = scored.payload
        #expect(payload.flag.previousLevel == .yellow && payload.pmCluster == "cluster-a")
    }

    @Test func feedbackMissingComesFromTheSweepAfterTheGracePeriod() throws {
        let clock = ManualClock(TestEvents.start + 3600)
        let path = temporaryPath()
        var store = try InsightsStore(path: path, clock: clock.function)
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
        store = try InsightsStore(path: path, clock: clock.function)
        let pending = try store.sweep()
        #expect(pending == changes)
        #expect(InsightsStore.eventID(of: pending[0]) == InsightsStore.eventID(of: changes[0]))
        try store.markPublished(pending)
        #expect(try store.sweep().isEmpty)
        // A comment arriving late clears the reason.
        let late = try #require(try store.apply(TestEvents.feedback("S-1", rating: 4, comment: "Sorry, late: it was good")).flagChange)
        #expect(late.level == .green && late.previousLevel == .yellow)
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
        let reopened = try InsightsStore(path: path, rules: rules, clock: clock.function)
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
        let store = try InsightsStore(path: nil, clock: clock.function)
        try store.apply(TestEvents.scheduled("S-A", cluster: "cluster-a"))
        try store.apply(TestEvents.noShow("S-A"))
        clock.advance(by: 60)
        try store.apply(TestEvents.scheduled("S-B", cluster: "cluster-b"))
        try store.apply(TestEvents.cancelled("S-B"))
        let opened = TestEvents.escalation("S-B", at: TestEvents.start)[0]
        try store.apply(opened)
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
        let clock = ManualClock(TestEvents.start + 3600)
        do {
            let store = try InsightsStore(path: path, clock: clock.function)
            try store.apply(TestEvents.scheduled("S-1"))
            try store.apply(TestEvents.noShow("S-1"))
        }
        let reopened = try InsightsStore(path: path, clock: clock.function)
        let record = try #require(try reopened.session(id: "S-1")?.record)
        #expect(record.state == .noShow && record.flag.level == .red)
        #expect(try reopened.apply(TestEvents.noShow("S-1")).duplicate)
        #expect(try reopened.eventCount() == 2)
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
