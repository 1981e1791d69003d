import AMQP
import Codec
import Foundation
import MentorFlowTesting
import Model
import ServiceKit
import Testing
import TestSupport

/// `mentorflow-summary` run as a process against the real broker, on an exchange of its own:
/// lifecycle events in, `agenda.generated` and `summary.generated` out, a revision on late
/// feedback, `summary.approved` making it final, a redelivered event with no second effect, and
/// an undecodable message in the DLQ with its reason.
@Suite struct SummaryServiceTests {
    let start = Date(timeIntervalSince1970: 1_748_000_000)

    /// The service's own settings.
    private func extra(name: String) -> [String: String] {
        [
            "MENTORFLOW_SUMMARY_NAME": name,
            // One event at a time, so the number of revisions below is fixed (the store serialises
            // concurrent events anyway; the final summary is the same in any order).
            "MENTORFLOW_CONCURRENCY": "1",
        ]
    }

    private func event(_ id: String, _ data: EventData) -> CloudEvent {
        EventFixtures.event(data, id: id, source: "/test/ingest", time: start)
    }

    /// A store that will not open (the data folder is a file) stops the service with 73
    /// (EX_CANTCREAT), the status every service uses for storage.
    @Test func aStoreThatWillNotOpenExits73() async throws {
        let name = ServiceHarness.uniqueServiceName("summary")
        let notAFolder = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(name)-file")
        try Data("not a folder".utf8).write(to: notAFolder)
        defer { try? FileManager.default.removeItem(at: notAFolder) }
        var environment = try ServiceHarness.environment(name: name, extra: extra(name: name))
        environment["MENTORFLOW_DATA_DIR"] = notAFolder.path
        let (status, output) = try await ServiceHarness.exitStatus("mentorflow-summary", environment: environment)
        #expect(status == 73, "\(output)")
        #expect(output.contains("cannot open the store in \(notAFolder.path)"), "\(output)")
    }

    @Test func summariesAgendasRevisionsApprovalAndDeadLetters() async throws {
        // Fails (not skips) without a broker.
        let name = ServiceHarness.uniqueServiceName("summary")
        let service = try await ServiceHarness.start(
            "mentorflow-summary", name: name, extra: extra(name: name), observing: [.summaryGenerated, .agendaGenerated])

        let booking = SessionBooking(
            sessionID: "S-1", program: "Data Science", batch: "B-1", mentor: Mentor(id: "M-1", name: "Vikram Singh"),
            learner: Learner(id: "L-1", name: "Asha Rao", email: "asha@example.com"), sessionType: .resumeReview,
            scheduledAt: start, scheduledDurationMin: 60, pmCluster: "cluster-a")
        try await service.publish([event("sch-1", .sessionScheduled(SessionScheduled(booking: booking)))])
        let agendaEvent = try #require(try await service.next(timeout: .seconds(20)), "no agenda:\n\(service.output)")
        guard case .agendaGenerated(let agenda) = agendaEvent.data else { Issue.record("expected agenda.generated, got \(agendaEvent.type)"); return }
        #expect(agenda.agenda.firstSession)
        #expect(agendaEvent.source == "/mentorflow/\(name)")

        let completed = event("done-1", .sessionCompleted(SessionCompleted(
            sessionID: "S-1", actualDurationMin: 60, outcome: SessionOutcome(learnerAttended: .attended, mentorPrep: .yes, followUpScheduled: true))))
        try await service.publish([completed])
        let first = try #require(try await service.next(timeout: .seconds(20)), "no summary:\n\(service.output)")
        guard case .summaryGenerated(let draft) = first.data else { Issue.record("expected summary.generated, got \(first.type)"); return }
        #expect(draft.summary.version == 1)
        #expect(draft.summary.status == .draft)
        #expect(draft.summary.text == "Vikram Singh held a full 60-minute Resume Review session with Asha Rao. Limited learner feedback available.")

        // Late feedback, its score before the comment (which changes nothing until the comment
        // comes), the redelivered completion (nothing), the comment and a transcript (one revision each).
        let scored = FeedbackScored(
            sessionID: "S-1",
            result: SentimentResult(label: .positive, score: 0.8, confidence: 0.9, language: .en, aspects: [.helpfulness], evidence: ["helpful"], analyzerVersion: "test"))
        try await service.publish([
            event("score-1", .feedbackScored(scored)),
            completed,
            event("fb-1", .feedbackSubmitted(FeedbackSubmitted(sessionID: "S-1", learnerID: "L-1", feedback: Feedback(rating: 5, comment: "Very helpful resume review, the project impact bullets finally make sense")))),
            event("tr-1", .transcriptSubmitted(TranscriptSubmitted(sessionID: "S-1", transcript: Transcript(source: .notes, text: "Vikram: I will share the resume template by Friday.\nAsha: Main project section kal tak update karungi.")))),
        ])
        var versions: [Int] = []
        var latest: SessionSummary?
        for _ in 0..<2 {
            let revised = try #require(try await service.next(timeout: .seconds(20)), "missing revision:\n\(service.output)")
            guard case .summaryGenerated(let payload) = revised.data else { Issue.record("unexpected \(revised.type)"); continue }
            versions.append(payload.summary.version)
            latest = payload.summary
        }
        #expect(versions == [2, 3])
        let current = try #require(latest)
        #expect(current.text.hasPrefix("Vikram Singh held a full 60-minute Resume Review session with Asha Rao"))
        #expect(current.text.contains("rated 5/5. Feedback was positive about helpfulness"))
        #expect(current.actionItems == [
            ActionItem(text: "I will share the resume template by Friday", owner: .mentor, dueHint: "by Friday"),
            ActionItem(text: "Main project section kal tak update karungi", owner: .learner, dueHint: "kal tak"),
        ])

        let approval = event("ok-1", .summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: "Reworked Asha's project bullets around impact.", edited: true, reviewedVersion: 3)))
        try await service.publish([approval])
        let finalEvent = try #require(try await service.next(timeout: .seconds(20)), "no final summary:\n\(service.output)")
        guard case .summaryGenerated(let final) = finalEvent.data else { Issue.record("unexpected \(finalEvent.type)"); return }
        #expect(final.summary.status == .final)
        #expect(final.summary.version == 4)
        #expect(final.summary.text == "Reworked Asha's project bullets around impact.")
        #expect(final.summary.actionItems == current.actionItems)

        // After approval, a late machine fact publishes nothing; an undecodable message goes to the DLQ.
        try await service.publish([event("score-2", .feedbackScored(FeedbackScored(sessionID: "S-1", result: SentimentResult(
            label: .neutral, score: 0, confidence: 0.5, language: .en, aspects: [.none], evidence: [], analyzerVersion: "test-2"))))])
        try await service.publishRaw(routingKey: "session.completed", body: Array("{not json".utf8), messageID: "bad-1")
        let dead = try #require(try await service.nextDeadLetter(timeout: .seconds(20)), "nothing dead-lettered:\n\(service.output)")
        #expect(dead.properties.headers[MessageHeaders.reason]?.stringValue?.contains("cannot decode") == true)
        // The DLQ entry proves the service handled everything published before it; nothing more came out.
        #expect(try await service.nothingMore().isEmpty, "a final summary was overwritten or a duplicate re-published")

        let metrics = await service.metrics()
        #expect(metrics?.contains(#"mentorflow_events_total{service="\#(name)",type="session.completed",outcome="duplicate"}"#) == true)
        #expect(await service.stop() == 0, "graceful shutdown:\n\(service.output)")
        await service.close()
    }
}
