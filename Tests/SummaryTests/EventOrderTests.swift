import Codec
import Foundation
import GRDB
import Model
import ServiceKit
import Testing
@testable import SummaryCore

/// Facts are kept by event order (time, type, source, id: `EventOrder`, the rule insights folds
/// by), not by arrival: every scenario is delivered in both orders and must end the same.
@Suite struct EventOrderTests {
    /// The event as if it happened `seconds` after the fixture's start.
    func at(_ seconds: TimeInterval, _ event: CloudEvent) -> CloudEvent {
        CloudEvent(id: event.id, source: event.source, time: Fixture.start.addingTimeInterval(seconds), subject: event.subject, data: event.data)
    }

    /// The current summary after the booking and then `events` in the order given.
    func summary(after events: [CloudEvent]) throws -> SessionSummary? {
        let engine = try Fixture.engine()
        _ = try engine.apply(at(-60, Fixture.scheduled(Fixture.booking("S-1"))))
        for event in events { _ = try engine.apply(event) }
        return try engine.currentSummary("S-1")
    }

    func approval(_ text: String, reviewed: Int?, at seconds: TimeInterval) -> CloudEvent {
        at(seconds, Fixture.event(.summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: text, edited: true, reviewedVersion: reviewed))))
    }

    @Test func aCompletionAfterACancellationWinsWhicheverArrivesFirst() throws {
        let cancelled = at(100, Fixture.event(.sessionCancelled(SessionCancelled(sessionID: "S-1", reason: "mentor unwell", outcome: Fixture.absent))))
        let completed = at(200, Fixture.completed("S-1"))
        let inOrder = try #require(try summary(after: [cancelled, completed]))
        let reversed = try #require(try summary(after: [completed, cancelled]))
        #expect(inOrder.text.contains("held a full 60-minute"))
        #expect(reversed.text == inOrder.text, "completed-then-cancelled delivery must still say completed")
    }

    @Test func anEditedCommentWinsOverTheFirstOneDeliveredAfterIt() throws {
        let first = at(100, Fixture.feedback("S-1", rating: 2, "Mentor joined late and the audio kept cutting"))
        let edited = at(200, Fixture.feedback("S-1", rating: 5, "Great walkthrough of SQL window functions"))
        let completed = at(0, Fixture.completed("S-1"))
        let inOrder = try #require(try summary(after: [completed, first, edited]))
        let reversed = try #require(try summary(after: [completed, edited, first]))
        #expect(inOrder.text.contains("rated 5/5"))
        #expect(reversed.text == inOrder.text)
        #expect(reversed.keyPhrases == inOrder.keyPhrases)
    }

    @Test func theLatestScoreAndTranscriptWinWhicheverArrivesFirst() throws {
        let completed = at(0, Fixture.completed("S-1"))
        let feedback = at(10, Fixture.feedback("S-1", rating: 3, "The mock interview pace was fast"))
        let oldScore = at(20, Fixture.scored("S-1", .negative, aspects: [.pace]))
        let newScore = at(30, Fixture.scored("S-1", .positive, aspects: [.clarity]))
        let oldNotes = at(40, Fixture.transcript("S-1", "Vikram: I will share the resume template tomorrow."))
        let newNotes = at(50, Fixture.transcript("S-1", "Vikram: Practice two SQL problems by Friday."))
        let inOrder = try #require(try summary(after: [completed, feedback, oldScore, newScore, oldNotes, newNotes]))
        let reversed = try #require(try summary(after: [newNotes, oldNotes, newScore, oldScore, feedback, completed]))
        #expect(inOrder.text.contains("Feedback was positive about clarity"))
        #expect(inOrder.actionItems.map(\.text) == ["Practice two SQL problems by Friday"])
        #expect(reversed.text == inOrder.text)
        #expect(reversed.actionItems == inOrder.actionItems)
    }

    @Test func theLatestPreSessionFormShapesTheAgenda() throws {
        func agenda(_ events: [CloudEvent]) throws -> Agenda? {
            let engine = try Fixture.engine()
            _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
            for event in events { _ = try engine.apply(event) }
            return try engine.store.read { try PublishedRecords.agenda("S-1", $0)?.agenda }
        }
        func form(_ topic: String, at seconds: TimeInterval) -> CloudEvent {
            at(seconds, Fixture.event(.preworkSubmitted(PreworkSubmitted(
                sessionID: "S-1", learnerID: "L-1", prework: Prework(expectations: "", topics: [topic], blockers: [])))))
        }
        let old = form("Resume basics", at: 100), new = form("Product case questions", at: 200)
        let inOrder = try #require(try agenda([old, new]))
        #expect(inOrder.items.contains("Learner's topic: Product case questions"))
        #expect(try agenda([new, old]) == inOrder)
    }

    @Test func theApprovalOfTheHighestReviewedVersionWinsWhicheverArrivesFirst() throws {
        let completed = at(0, Fixture.completed("S-1"))
        let v2 = approval("Older approved text.", reviewed: 2, at: 100)
        let v3 = approval("Newer approved text.", reviewed: 3, at: 50)  // stamped earlier: the reviewed version decides
        let inOrder = try #require(try summary(after: [completed, v2, v3]))
        let reversed = try #require(try summary(after: [completed, v3, v2]))
        #expect(inOrder.text == "Newer approved text." && inOrder.status == .final)
        #expect(reversed.text == inOrder.text)
        // Equal reviewed versions: the later event wins, in either order.
        let sameA = approval("First take.", reviewed: 3, at: 10), sameB = approval("Second take.", reviewed: 3, at: 20)
        #expect(try summary(after: [completed, sameB, sameA])?.text == "Second take.")
        #expect(try summary(after: [completed, sameA, sameB])?.text == "Second take.")
    }

    @Test func anApprovalBeforeTheTranscriptGetsItsActionItemsInANewFinalVersion() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        _ = try engine.apply(Fixture.completed("S-1"))
        let final = try #require(try engine.apply(approval("Reviewed Asha's resume.", reviewed: 1, at: 10)).summaries.first).summary
        #expect(final.status == .final && final.actionItems.isEmpty)
        let revised = try engine.apply(Fixture.transcript("S-1", "Vikram: I will share the resume template by Friday.")).summaries
        #expect(revised.count == 1)
        #expect(revised.first?.summary.text == "Reviewed Asha's resume.")
        #expect(revised.first?.summary.status == .final)
        #expect(revised.first?.summary.version == final.version + 1)
        #expect(revised.first?.summary.actionItems == [ActionItem(text: "I will share the resume template by Friday", owner: .mentor, dueHint: "by Friday")])
    }

    @Test func aBookingCommittedWhileATranscriptIsReadIsNotMissed() throws {
        let store = try SummaryStore()
        let other = SummaryEngine(store: store)
        // As another consumer task would: the booking commits after the transcript was read without names.
        let engine = SummaryEngine(store: store, name: "summary", stopwords: .bundled, transcriptRead: {
            _ = try other.apply(Fixture.scheduled(Fixture.booking("S-1")))
        })
        _ = try engine.apply(Fixture.completed("S-1"))
        _ = try engine.apply(Fixture.transcript("S-1", "Vikram: I will share the SQL practice sheet tomorrow."))
        let summary = try #require(try engine.currentSummary("S-1"))
        #expect(summary.actionItems == [ActionItem(text: "I will share the SQL practice sheet tomorrow", owner: .mentor, dueHint: "tomorrow")])
    }
}

@Suite struct SummaryStoreMigrationTests {
    @Test func factsStoredBeforeOrdersWereKeptAreReplacedByTheNextEvent() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("summary-migration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A v1 database with a comment and an approval, as a running service has them.
        let old = try DatabaseQueue(path: directory.appendingPathComponent("summary.sqlite").path)
        try SummaryStore.migrator.migrate(old, upTo: "v1")
        try old.write { db in
            try db.execute(sql: "INSERT INTO feedback (session_id, rating, comment, key_phrases) VALUES ('S-1', 2, 'Old comment', '[]')")
            try db.execute(sql: """
                INSERT INTO approval (session_id, mentor_id, text, key_phrases, action_items, highlights)
                VALUES ('S-1', 'M-1', 'Old approval.', '[]', '[]', '[]')
                """)
        }
        try old.close()

        let engine = SummaryEngine(store: try SummaryStore(directory: directory, name: "summary"))
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        _ = try engine.apply(Fixture.completed("S-1"))
        #expect(try engine.currentSummary("S-1")?.text == "Old approval.")
        _ = try engine.apply(Fixture.feedback("S-1", rating: 5, "Great walkthrough of SQL window functions"))
        #expect(try engine.currentSummary("S-1")?.keyPhrases == ["SQL window functions", "walkthrough"])
        _ = try engine.apply(Fixture.event(.summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: "New approval.", edited: true))))
        #expect(try engine.currentSummary("S-1")?.text == "New approval.")
    }
}
