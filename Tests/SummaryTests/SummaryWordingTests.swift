import Foundation
import Model
import Testing
@testable import SummaryCore

@Suite struct SummaryWordingTests {
    let writer = SummaryWriter()
    let booking = Fixture.booking("S-1")

    func facts(_ outcome: RecordedOutcome, feedback: RecordedFeedback? = nil, sentiment: RecordedSentiment? = nil) -> SessionFacts {
        SessionFacts(sessionID: "S-1", booking: booking, outcome: outcome, feedback: feedback, sentiment: sentiment)
    }

    func text(_ facts: SessionFacts) throws -> String { try #require(writer.draft(facts)).text }

    @Test func completedOnScheduleWithPositiveFeedback() throws {
        let feedback = RecordedFeedback(rating: 5, comment: "Excellent career guidance", keyPhrases: ["career guidance"])
        let sentiment = RecordedSentiment(label: .positive, aspects: [.helpfulness, .clarity], feedbackMissing: false)
        let summary = try #require(writer.draft(facts(RecordedOutcome(status: .completed, actualDurationMin: 58, outcome: Fixture.attended), feedback: feedback, sentiment: sentiment)))
        #expect(summary.text == "Vikram Singh held a full 60-minute Resume Review session with Asha Rao, rated 5/5. Feedback was positive about helpfulness and clarity, mentioning career guidance.")
        #expect(summary.keyPhrases == ["career guidance"])
        #expect(summary.status == .draft)
    }

    @Test func completedShortLongAndWithoutTheLearner() throws {
        #expect(try text(facts(RecordedOutcome(status: .completed, actualDurationMin: 35, outcome: Fixture.attended)))
            == "Vikram Singh held a Resume Review session with Asha Rao that ran 35 of 60 scheduled minutes. Limited learner feedback available.")
        #expect(try text(facts(RecordedOutcome(status: .completed, actualDurationMin: 80, outcome: Fixture.attended)))
            == "Vikram Singh held a Resume Review session with Asha Rao that ran 80 minutes, 20 over schedule. Limited learner feedback available.")
        #expect(try text(facts(RecordedOutcome(status: .completed, actualDurationMin: 20, outcome: Fixture.absent)))
            == "Vikram Singh's Resume Review session was marked completed after 20 of 60 minutes, but Asha Rao did not attend. Limited learner feedback available.")
    }

    @Test func everyStatusThatDidNotTakePlace() throws {
        #expect(try text(facts(RecordedOutcome(status: .noShow, outcome: Fixture.absent)))
            == "Asha Rao did not attend the Resume Review session booked with Vikram Singh (no-show). Limited learner feedback available.")
        #expect(try text(facts(RecordedOutcome(status: .noShow, outcome: Fixture.attended)))
            == "Vikram Singh did not join the Resume Review session booked with Asha Rao (no-show). Limited learner feedback available.")
        #expect(try text(facts(RecordedOutcome(status: .cancelled, outcome: Fixture.absent, reason: "Mentor unwell.")))
            == "The Resume Review session between Vikram Singh and Asha Rao was cancelled: Mentor unwell. Limited learner feedback available.")
        #expect(try text(facts(RecordedOutcome(status: .cancelled, outcome: Fixture.absent)))
            == "The Resume Review session between Vikram Singh and Asha Rao was cancelled. Limited learner feedback available.")
        let newTime = Date(timeIntervalSince1970: 1_748_880_000)  // 2025-06-02 16:00 UTC
        #expect(try text(facts(RecordedOutcome(status: .rescheduled, outcome: Fixture.absent, newScheduledAt: newTime)))
            == "The Resume Review session between Vikram Singh and Asha Rao was rescheduled to 2025-06-02 16:00 UTC. Limited learner feedback available.")
    }

    @Test func negativeAndNeutralFeedbackAndFollowUpRequests() throws {
        let completed = RecordedOutcome(status: .completed, actualDurationMin: 60, outcome: Fixture.attended)
        let late = RecordedFeedback(rating: 2, comment: "Mentor was 20 min late and the audio kept cutting", keyPhrases: ["audio"])
        #expect(try text(facts(completed, feedback: late, sentiment: RecordedSentiment(label: .negative, aspects: [.punctuality, .techIssues], feedbackMissing: false)))
            == "Vikram Singh held a full 60-minute Resume Review session with Asha Rao, rated 2/5. Feedback was negative, citing punctuality and technical issues, mentioning audio.")
        let okay = RecordedFeedback(rating: 3, comment: "ok, want one more session on projects", keyPhrases: ["projects"])
        #expect(try text(facts(completed, feedback: okay, sentiment: RecordedSentiment(label: .neutral, aspects: [.followUpRequested], feedbackMissing: false)))
            == "Vikram Singh held a full 60-minute Resume Review session with Asha Rao, rated 3/5. Feedback was neutral, mentioning projects, and asked for a follow-up.")
    }

    @Test func missingFeedbackSaysSoWhetherOrNotItWasRatedOrScored() throws {
        let completed = RecordedOutcome(status: .completed, actualDurationMin: 60, outcome: Fixture.attended)
        let ratedOnly = RecordedFeedback(rating: 4, comment: "  ", keyPhrases: [])
        #expect(try text(facts(completed, feedback: ratedOnly, sentiment: RecordedSentiment(label: .neutral, aspects: [.none], feedbackMissing: true)))
            == "Vikram Singh held a full 60-minute Resume Review session with Asha Rao, rated 4/5. Limited learner feedback available.")
        #expect(try text(facts(completed)).hasSuffix(". Limited learner feedback available."))
        // A comment not yet scored: its phrases, no guessed sentiment.
        let unscored = RecordedFeedback(rating: nil, comment: "resume formatting tips", keyPhrases: ["resume formatting tips"])
        #expect(try text(facts(completed, feedback: unscored)).hasSuffix(" The learner's feedback mentions resume formatting tips."))
    }

    @Test func nothingBeforeBookingAndOutcome() {
        #expect(writer.draft(SessionFacts(sessionID: "S-1", booking: booking)) == nil)
        #expect(writer.draft(SessionFacts(sessionID: "S-1", outcome: RecordedOutcome(status: .completed, actualDurationMin: 60, outcome: Fixture.attended))) == nil)
    }

    @Test func everySummaryIsOneOrTwoSentences() throws {
        for status in SessionStatus.allCases {
            let summary = try text(facts(RecordedOutcome(status: status, actualDurationMin: 60, outcome: Fixture.attended),
                                         feedback: RecordedFeedback(rating: 4, comment: "Clear explanation of system design trade-offs", keyPhrases: ["system design trade-offs"]),
                                         sentiment: RecordedSentiment(label: .positive, aspects: [.clarity], feedbackMissing: false)))
            #expect(summary.filter { $0 == "." }.count == 2, "\(summary)")
        }
    }
}
