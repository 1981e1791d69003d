import Foundation
import InsightsCore
import Model
import Testing
import TestSupport

/// Each early-warning reason, the level rules, the rules file and its validation.
@Suite struct FlagRulesTests {
    let evaluator = FlagEvaluator(rules: .default)
    let now = TestEvents.start + 30 * 86_400

    /// A completed, prepared, followed-up, well-rated, positively commented session: green.
    func good() -> SessionRecord {
        SessionRecord(
            sessionID: "S-1", pmCluster: "cluster-a", scheduledAt: TestEvents.start, scheduledDurationMin: 45, state: .completed,
            actualDurationMin: 45, learnerAttended: true, mentorPrep: .yes, followUpScheduled: true, rating: 5, comment: "Great session",
            sentiment: SentimentSnapshot(label: .positive, score: 0.8, aspects: [.helpfulness], language: .en))
    }

    @Test func aGoodSessionIsGreen() {
        #expect(evaluator.evaluate(good(), now: now) == .green)
        // A booked session has nothing to judge yet.
        #expect(evaluator.evaluate(SessionRecord(sessionID: "S-2", scheduledAt: TestEvents.start), now: now) == .green)
    }

    @Test(arguments: FlagReason.allCases) func eachReasonFiresAlone(reason: FlagReason) {
        var record = good()
        let expected: FlagLevel
        switch reason {
        case .mentorNotPrepared: record.mentorPrep = .no; expected = .yellow
        case .mentorPartlyPrepared: record.mentorPrep = .partial; expected = .yellow
        case .noFollowUp: record.followUpScheduled = false; expected = .yellow
        case .lowRating: record.rating = 2; expected = .red
        case .negativeFeedback: record.sentiment?.label = .negative; expected = .red
        case .noShow: record.state = .noShow; record.comment = nil; record.sentiment = nil; record.rating = nil; expected = .red
        case .cancelledOrRescheduled: record.state = .cancelled; record.comment = nil; record.sentiment = nil; record.rating = nil; expected = .yellow
        case .feedbackMissing: record.comment = ""; record.sentiment = nil; expected = .yellow
        }
        #expect(evaluator.evaluate(record, now: now) == FlagAssessment(level: expected, reasons: [reason]))
    }

    @Test func rescheduledIsTheSameReasonAsCancelled() {
        var record = good()
        record.state = .rescheduled
        record.comment = nil
        record.sentiment = nil
        #expect(evaluator.evaluate(record, now: now).reasons == [.cancelledOrRescheduled])
    }

    @Test func lowRatingThresholdIsInclusiveAndConfigurable() {
        var record = good()
        record.rating = 3
        #expect(evaluator.evaluate(record, now: now).level == .green)
        var rules = FlagRules.default
        rules.lowRatingAtMost = 3
        #expect(FlagEvaluator(rules: rules).evaluate(record, now: now) == FlagAssessment(level: .red, reasons: [.lowRating]))
    }

    @Test func threeMildReasonsMakeRedAndTwoStayYellow() {
        var record = good()
        record.mentorPrep = .no
        record.followUpScheduled = false
        #expect(evaluator.evaluate(record, now: now) == FlagAssessment(level: .yellow, reasons: [.mentorNotPrepared, .noFollowUp]))
        record.comment = ""
        record.sentiment = nil
        #expect(evaluator.evaluate(record, now: now) == FlagAssessment(level: .red, reasons: [.mentorNotPrepared, .noFollowUp, .feedbackMissing]))
        var rules = FlagRules.default
        rules.redWhenYellowReasonsAtLeast = nil
        #expect(FlagEvaluator(rules: rules).evaluate(record, now: now).level == .yellow)
    }

    @Test func aSwitchedOffReasonIsNeitherReportedNorCounted() {
        var rules = FlagRules.default
        rules.severities[.noFollowUp] = .off
        var record = good()
        record.followUpScheduled = false
        #expect(FlagEvaluator(rules: rules).evaluate(record, now: now) == .green)
    }

    @Test func aBookedFollowUpCountsAsAFollowUp() {
        var record = good()
        record.followUpScheduled = false
        record.followUpsBooked = 1
        #expect(evaluator.evaluate(record, now: now) == .green)
    }

    @Test func feedbackMissingWaitsForTheGracePeriod() {
        var record = good()
        record.comment = nil
        record.sentiment = nil
        let ended = TestEvents.start + 45 * 60
        let due = ended + 48 * 3600
        #expect(evaluator.feedbackDueAt(record) == due)
        #expect(evaluator.evaluate(record, now: due - 1) == .green)
        #expect(evaluator.reviewAt(record, now: due - 1) == due)
        #expect(evaluator.evaluate(record, now: due) == FlagAssessment(level: .yellow, reasons: [.feedbackMissing]))
        #expect(evaluator.reviewAt(record, now: due) == nil)
        // A scored comment counts as present even before the feedback event itself arrives.
        record.sentiment = SentimentSnapshot(label: .neutral, score: 0, aspects: [.none], language: .en)
        #expect(evaluator.evaluate(record, now: due) == .green)
    }

    @Test func theDocumentedFileIsTheDefault() throws {
        let file = TestBroker.repositoryRoot.appendingPathComponent("Services/Insights/flag-rules.json")
        #expect(try FlagRules.load(file: file) == FlagRules.default)
        #expect(try FlagRules.parse(Data("{}".utf8), file: "empty.json") == FlagRules.default)
    }

    @Test func aFileOverridesWhatItNames() throws {
        let rules = try FlagRules.parse(Data(#"{"severities": {"no_follow_up": "off", "cancelled_or_rescheduled": "red"}, "feedback_grace_hours": 1.5, "red_when_yellow_reasons_at_least": null}"#.utf8), file: "r.json")
        #expect(rules.severity(of: .noFollowUp) == .off)
        #expect(rules.severity(of: .cancelledOrRescheduled) == .red)
        #expect(rules.severity(of: .lowRating) == .red)
        #expect(rules.feedbackGracePeriod == .seconds(5400))
        #expect(rules.redWhenYellowReasonsAtLeast == nil)
    }

    @Test func validationNamesTheFilePathAndProblem() throws {
        func problems(_ json: String) -> [String] {
            do {
                _ = try FlagRules.parse(Data(json.utf8), file: "/etc/mentorflow/flag-rules.json")
                return []
            } catch {
                #expect(error.description.hasPrefix("/etc/mentorflow/flag-rules.json: "))
                return error.problems
            }
        }
        #expect(problems(#"{"severities": {"low_rating": "purple"}}"#) == [#"$.severities.low_rating: "purple" is not one of "off", "yellow", "red""#])
        #expect(problems(#"{"severities": {"late": "red"}}"#).first?.hasPrefix("$.severities.late: unknown reason") == true)
        #expect(problems(#"{"low_rating_at_most": 7}"#) == ["$.low_rating_at_most: 7 must be a whole number in 0...5 (0 switches the rule off)"])
        #expect(problems(#"{"low_rating_at_most": "2"}"#).first?.hasPrefix(#"$.low_rating_at_most: "2" must be"#) == true)
        #expect(problems(#"{"feedback_grace_hours": -1}"#).first?.hasPrefix("$.feedback_grace_hours: -1 must be") == true)
        #expect(problems(#"{"red_when_yellow_reasons_at_least": 1}"#).first?.hasPrefix("$.red_when_yellow_reasons_at_least: 1 must be") == true)
        #expect(problems(#"{"grace": 2}"#).first?.hasPrefix("$.grace: unknown key") == true)
        #expect(problems(#"[1, 2]"#) == ["$: expected an object, got an array"])
        #expect(problems(#"{"severities": "#).first?.hasPrefix("$: not valid JSON") == true)
        // Every problem at once, not the first only.
        #expect(problems(#"{"low_rating_at_most": 9, "feedback_grace_hours": "x"}"#).count == 2)
        #expect(throws: FlagRulesError.self) { try FlagRules.load(file: URL(fileURLWithPath: "/nonexistent/rules.json")) }
    }
}
