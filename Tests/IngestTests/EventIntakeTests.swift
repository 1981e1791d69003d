import Codec
import Foundation
import IngestCore
import Model
import Testing

@Suite struct EventIntakeTests {
    /// The mentor's review comes in through ingest: `summary.approved` is accepted, while the
    /// summary service's own `summary.generated` is refused as derived.
    @Test func summaryApprovedIsAcceptedAndSummaryGeneratedIsRefused() throws {
        let approved = CloudEvent(
            id: "a-1", source: "/lms", time: Date(), subject: "S-1",
            data: .summaryApproved(SummaryApproved(sessionID: "S-1", mentorID: "M-1", text: "Reworked the resume.", edited: true, reviewedVersion: 2)))
        guard case .success(let read) = EventIntake.read(contentType: EventCodec.contentType, body: EventCodec.encode(approved)),
            case .accepted(let event) = read.outcomes.first
        else { Issue.record("summary.approved was not accepted"); return }
        #expect(event.data == approved.data)

        let generated = CloudEvent(
            id: "g-1", source: "/lms", time: Date(), subject: "S-1",
            data: .summaryGenerated(SummaryGenerated(sessionID: "S-1", summary: SessionSummary(text: "x", keyPhrases: [], actionItems: [], version: 1, status: .draft))))
        guard case .success(let refused) = EventIntake.read(contentType: EventCodec.contentType, body: EventCodec.encode(generated)),
            case .rejected(_, _, let problems) = refused.outcomes.first
        else { Issue.record("summary.generated was accepted"); return }
        #expect(problems.first?.path == "type")
    }

    @Test func everyEventPublishedFromOutsideIsAccepted() {
        #expect(EventIntake.acceptedTypes == [
            .sessionScheduled, .sessionCompleted, .sessionNoShow, .sessionCancelled, .sessionRescheduled, .feedbackSubmitted,
            .transcriptSubmitted, .preworkSubmitted, .summaryApproved, .escalationAcknowledged,
        ])
    }
}
