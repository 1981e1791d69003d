import Foundation
import InsightsCore
import Model
import Testing

/// `MentorSupportRule`, the one "needs support" rule behind the review report and the coaching
/// page: each measure's threshold, the minimum sessions behind it, and the comparison with the
/// program rather than with fixed targets alone.
@Suite struct MentorSupportRuleTests {
    static func record(_ id: String, mentor: String = "M-X", state: SessionState = .completed, prep: MentorPrep = .yes, rating: Int? = 5) -> SessionRecord {
        PeriodReportTests.record(id, mentor: mentor, on: "2025-10-27", state: state, prep: prep, rating: rating, sentiment: nil)
    }

    /// The mentor's records and a program of them plus `others` (good sessions of other mentors).
    static func findings(_ mentor: [SessionRecord], others: Int = 8, otherState: SessionState = .completed) -> [MentorSupportRule.Finding] {
        let program = mentor + (0..<others).map { record("O-\($0)", mentor: "M-O\($0)", state: otherState) }
        return MentorSupportRule.findings(mentor: mentor, program: ProgramMetrics(records: program))
    }

    @Test func aMentorLikeTheProgramNeedsNoSupport() {
        #expect(Self.findings((1...5).map { Self.record("S-\($0)") }).isEmpty)
        #expect(MentorSupportRule.findings(mentor: [], program: ProgramMetrics(records: [])).isEmpty)
    }

    @Test func completionNeedsFourSessionsAndFifteenPointsBehind() {
        // 2 of 4 completed (no-shows, prep done, so only completion and red share can speak).
        let four = [Self.record("S-1"), Self.record("S-2"), Self.record("S-3", state: .cancelled), Self.record("S-4", state: .cancelled)]
        #expect(Self.findings(four).map(\.measure) == [.completion])
        #expect(Self.findings(four).first?.reason == "completion 50% against the program's 83%")
        let three = [Self.record("S-1"), Self.record("S-2", state: .cancelled), Self.record("S-3", state: .cancelled)]
        #expect(Self.findings(three).isEmpty, "three sessions are too few to judge completion")
    }

    @Test func ratingNeedsThreeRatingsAndHalfAPointBelow() {
        let low = (1...3).map { Self.record("S-\($0)", rating: 4) }
        // 4.0 against (3 × 4 + 8 × 5) / 11 = 4.73: 0.73 below.
        #expect(Self.findings(low).map(\.measure) == [.rating])
        #expect(Self.findings(Array(low.prefix(2))).isEmpty, "two ratings are too few")
        let close = (1...3).map { Self.record("S-\($0)", rating: 5) } + [Self.record("S-4", rating: 4)]
        #expect(Self.findings(close).isEmpty, "4.75 against 4.92 is within half a point")
    }

    @Test func prepBelowHalfIsAnAbsoluteFloor() {
        let unprepared = [Self.record("S-1", prep: .no), Self.record("S-2", prep: .partial)]
        #expect(Self.findings(unprepared).map(\.reason) == ["prepared for 0% of sessions"])
        #expect(Self.findings([Self.record("S-1", prep: .no), Self.record("S-2")]).isEmpty, "50% is not below half")
    }

    @Test func redShareIsJudgedAgainstTheProgramsOwn() {
        // Two no-shows of four (red), prep done: 50% red, completion 50%.
        let mentor = [Self.record("S-1"), Self.record("S-2"), Self.record("S-3", state: .noShow), Self.record("S-4", state: .noShow)]
        let quiet = Self.findings(mentor)
        #expect(quiet.first?.measure == .redShare && quiet.first?.reason == "2 of 4 sessions red")
        // A hard week for everyone (every other session a no-show too) singles out no one.
        let hard = Self.findings(mentor, otherState: .noShow)
        #expect(!hard.contains { $0.measure == .redShare } && !hard.contains { $0.measure == .completion })
        #expect(!Self.findings(Array(mentor.prefix(3))).contains { $0.measure == .redShare }, "one red session is never a pattern")
    }

    @Test func theReviewReportListsExactlyTheMentorsTheRuleFinds() {
        let records = [Self.record("S-1", mentor: "M-A", prep: .no), Self.record("S-2", mentor: "M-A", prep: .no)]
            + (1...3).map { Self.record("S-B\($0)", mentor: "M-B", rating: 4) } + (1...8).map { Self.record("S-C\($0)", mentor: "M-C") }
        let report = PeriodReport(period: ReviewCadence.weekly.period(endingAt: PeriodReportTests.day("2025-11-01")), clusters: nil, records: records)
        let program = ProgramMetrics(records: records)
        for mentor in ["M-A", "M-B", "M-C"] {
            let findings = MentorSupportRule.findings(mentor: records.filter { $0.mentorID?.rawValue == mentor }, program: program)
            let listed = report.mentorsNeedingSupport.first { $0.metrics.mentorID == mentor }
            #expect(listed?.reasons ?? [] == findings.map(\.reason), "\(mentor)")
        }
        #expect(report.mentorsNeedingSupport.map(\.metrics.mentorID).sorted() == ["M-A", "M-B"])
    }
}
