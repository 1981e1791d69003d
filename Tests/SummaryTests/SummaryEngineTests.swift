import Codec
import Foundation
import Model
import ServiceKit
import Testing
@testable import SummaryCore

@Suite struct SummaryEngineTests {
    @Test func outOfOrderEventsGiveOneCurrentSummaryWithGrowingVersions() throws {
        let engine = try Fixture.engine()
        // Feedback, its score and the completion arrive before the booking.
        #expect(try engine.apply(Fixture.scored("S-1", .positive, aspects: [.clarity])).isEmpty)
        #expect(try engine.apply(Fixture.feedback("S-1", rating: 5, "Very clear explanation of dynamic programming")).isEmpty)
        #expect(try engine.apply(Fixture.completed("S-1")).isEmpty)
        let first = try engine.apply(Fixture.scheduled(Fixture.booking("S-1"))).summaries
        #expect(first.count == 1)
        #expect(first[0].summary.version == 1)
        #expect(first[0].summary.text.contains("Feedback was positive about clarity, mentioning dynamic programming"))

        // The same facts in lifecycle order on another engine give the same text.
        let other = try Fixture.engine()
        _ = try other.apply(Fixture.scheduled(Fixture.booking("S-1")))
        let v1 = try other.apply(Fixture.completed("S-1")).summaries
        let v2 = try other.apply(Fixture.feedback("S-1", rating: 5, "Very clear explanation of dynamic programming")).summaries
        let v3 = try other.apply(Fixture.scored("S-1", .positive, aspects: [.clarity])).summaries
        #expect(v1.map(\.summary.version) == [1])
        #expect(v2.map(\.summary.version) == [2])
        #expect(v3.map(\.summary.version) == [3])
        #expect(v3[0].summary.text == first[0].summary.text)
        #expect(try other.currentSummary("S-1")?.version == 3)
    }

    @Test func aDuplicateEventUnderAnotherIdDoesNotBumpTheVersion() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        #expect(try engine.apply(Fixture.completed("S-1", id: "c-1")).summaries.map(\.summary.version) == [1])
        #expect(try engine.apply(Fixture.completed("S-1", id: "c-2")).isEmpty)
        #expect(try engine.currentSummary("S-1")?.version == 1)
    }

    @Test func theSameEventAgainRepublishesTheSameVersionWithTheSameId() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        let first = try engine.apply(Fixture.completed("S-1", id: "c-1"))
        // As after a crash between the store's commit and the publish.
        let again = try engine.apply(Fixture.completed("S-1", id: "c-1"))
        #expect(again == first)
        #expect(first.first?.id == engine.summaryEventID("S-1", version: 1))
        #expect(engine.summaryEventID("S-1", version: 1) != engine.summaryEventID("S-1", version: 2))
    }

    @Test func lateFeedbackRevisesTheSummary() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        let draft = try engine.apply(Fixture.completed("S-1")).summaries[0].summary
        #expect(draft.text.hasSuffix("Limited learner feedback available."))
        _ = try engine.apply(Fixture.feedback("S-1", rating: 2, "Mentor was late and the audio kept cutting"))
        let revised = try engine.apply(Fixture.scored("S-1", .negative, aspects: [.punctuality, .techIssues])).summaries[0].summary
        #expect(revised.version == 3)
        #expect(revised.text.contains("Feedback was negative, citing punctuality and technical issues"))
        #expect(revised.text.contains("rated 2/5"))
    }

    @Test func approvalMakesTheSummaryFinalAndLaterFactsDoNotOverwriteIt() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        _ = try engine.apply(Fixture.completed("S-1"))
        _ = try engine.apply(Fixture.transcript("S-1", "Mentor: I will share the resume template by Friday. Learner: I'll rewrite the project section."))
        let approved = Fixture.event(.summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: "Reworked Asha's resume together.", edited: true, reviewedVersion: 2)))
        let final = try engine.apply(approved).summaries[0].summary
        #expect(final.status == .final)
        #expect(final.version == 3)
        #expect(final.text == "Reworked Asha's resume together.")
        #expect(final.actionItems.count == 2, "the reviewed draft's action items stay")

        // Later facts never bring a machine draft back: the text stays the mentor's (a revision,
        // if any, is final with the current key phrases).
        let later = try engine.apply(Fixture.feedback("S-1", rating: 5, "Great help with the resume")).summaries
            + engine.apply(Fixture.scored("S-1", .positive)).summaries
        #expect(later.allSatisfy { $0.summary.status == .final && $0.summary.text == final.text })
        let current = try #require(try engine.currentSummary("S-1"))
        #expect(current.text == final.text && current.status == .final && current.actionItems == final.actionItems)

        let edited = Fixture.event(.summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: "Reworked the resume; template shared.", edited: true, reviewedVersion: current.version)))
        let second = try engine.apply(edited).summaries[0].summary
        #expect(second.version == current.version + 1)
        #expect(second.status == .final)
        #expect(second.text == "Reworked the resume; template shared.")
    }

    @Test func anApprovalBeforeAnyDraftIsFinalAtOnceAndStaysFinal() throws {
        let engine = try Fixture.engine()
        let approved = Fixture.event(.summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: "Mock interview; strong on SQL.", edited: true)))
        let final = try #require(try engine.apply(approved).summaries.first).summary
        #expect(final.status == .final && final.version == 1 && final.keyPhrases.isEmpty)
        #expect(try engine.apply(Fixture.scheduled(Fixture.booking("S-1"))).summaries.isEmpty)
        #expect(try engine.apply(Fixture.completed("S-1")).isEmpty)
        #expect(try engine.currentSummary("S-1") == final)
    }

    @Test func aLateRescheduledEventDoesNotUndoACompletion() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        _ = try engine.apply(Fixture.completed("S-1"))
        let late = Fixture.event(.sessionRescheduled(SessionRescheduled(sessionID: "S-1", outcome: Fixture.attended)))
        #expect(try engine.apply(late).isEmpty)
        #expect(try engine.currentSummary("S-1")?.text.contains("held a full 60-minute") == true)
    }

    @Test func transcriptsAddHighlightsActionItemsAndTopics() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1", type: .systemDesign)))
        _ = try engine.apply(Fixture.completed("S-1"))
        let notes = """
            Vikram: Today we designed a URL shortener together.
            Vikram: We compared hashing and counters for the short codes, and the hashing approach handles collisions with retries.
            Asha: I was unsure about caching, so we walked through read-heavy caching with a write-through cache.
            Vikram: Caching the hot short codes keeps the read path fast.
            Vikram: Practice two more system design problems by Friday.
            Asha: I'll send you my design doc next week.
            """
        let summary = try engine.apply(Fixture.transcript("S-1", notes)).summaries[0].summary
        #expect(summary.highlights.count >= 3 && summary.highlights.count <= 5)
        #expect(summary.actionItems.contains { $0.owner == .learner && $0.dueHint == "by Friday" && $0.text.hasPrefix("Practice two more") })
        #expect(summary.actionItems.contains { $0.owner == .learner && $0.dueHint == "next week" && $0.text.hasPrefix("I'll send you") })
        #expect(summary.text.contains(" on "), "the transcript's topics are named: \(summary.text)")
        #expect(!summary.keyPhrases.isEmpty)
    }

    @Test func aTranscriptBeforeTheBookingIsReadAgainWithTheNames() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.transcript("S-1", "Vikram: I will share the SQL practice sheet tomorrow."))
        _ = try engine.apply(Fixture.completed("S-1"))
        let summary = try engine.apply(Fixture.scheduled(Fixture.booking("S-1"))).summaries[0].summary
        #expect(summary.actionItems == [ActionItem(text: "I will share the SQL practice sheet tomorrow", owner: .mentor, dueHint: "tomorrow")])
    }
}
