import Foundation
import InsightsCore
import Model
import Testing
import TestSupport

/// The program snapshot on the shared sample export equals `sessions_sample.truth.json` (to
/// 1e-9), computed through the same path as `mentorflow metrics`: CSV rows → ingest's events →
/// the read model → records → `ProgramMetrics`.
@Suite struct MetricsTests {
    @Test func everyFigureOfTheSampleEqualsTheTruthFile() throws {
        let (store, report) = try SampleData.loadedStore()
        #expect(report.errors.isEmpty, "the sample imports without errors: \(report.errors.prefix(3))")
        #expect(report.rowsAccepted == 600)
        let metrics = ProgramMetrics(records: try store.records())
        let ours = try #require(try JSONSerialization.jsonObject(with: metrics.jsonData()) as? [String: Any])
        let truth = try SampleData.truth()
        var problems: [String] = []
        for key in SampleData.exactKeys {
            let expected = try #require(truth[key], "the truth file has \(key)")
            problems += JSONComparison.differences(expected: expected, actual: ours[key], path: key)
        }
        #expect(problems.isEmpty, "\(problems.count) figures differ:\n\(problems.prefix(20).joined(separator: "\n"))")
        #expect(metrics.total == 600)
        #expect(abs((metrics.durationRatingCorr ?? 0) - (-0.11740418713727277)) < 1e-9)
    }

    @Test func sentimentFiguresAgreeWithTheTruthLabelsAboveTheMeasuredFloor() throws {
        let (store, _) = try SampleData.loadedStore()
        let metrics = ProgramMetrics(records: try store.records())
        let truth = try SampleData.truth()
        let labels = try #require(truth["feedback_sentiment_labels"] as? [String: String])
        // The same sessions carry a comment (the truth labels every non-empty comment).
        #expect(Set(metrics.feedbackSentimentLabels.keys) == Set(labels.keys))
        let agreeing = labels.count { metrics.feedbackSentimentLabels[$0.key] == $0.value }
        let agreement = Double(agreeing) / Double(labels.count)
        // Measured 2026-11-25: 364 of 364 (1.000; 196 positive, 112 neutral, 56 negative, as the truth file), after the
        // never-before, anticipation, learner-explained and rebooked reschedule, courtesy and impact rules. README, Insights.
        #expect(agreement >= 1.0, "label agreement \(agreeing)/\(labels.count) = \(agreement)")
        let counts = metrics.feedbackSentimentCounts
        #expect(counts.values.reduce(0, +) == labels.count)
        #expect(metrics.negativeFeedbackCount == metrics.negativeFeedbackIDs.count)
        #expect(metrics.negativeFeedbackIDs == metrics.feedbackSentimentLabels.filter { $0.value == "negative" }.keys.sorted())
        print("sentiment agreement with truth labels: \(agreeing)/\(labels.count) = \(agreement); ours \(counts), truth \(truth["feedback_sentiment_counts"] ?? "")")
    }

    @Test func undefinedFiguresAreNullNotMissing() throws {
        let metrics = ProgramMetrics(records: [SessionRecord(sessionID: "S-1")])
        let json = try #require(try JSONSerialization.jsonObject(with: metrics.jsonData()) as? [String: Any])
        #expect(json["avg_rating"] is NSNull)
        #expect(json["duration_rating_corr"] is NSNull)
        #expect((json["rating_by_prep"] as? [String: Any])?["Yes"] is NSNull)
        let empty = try #require(try JSONSerialization.jsonObject(with: ProgramMetrics(records: []).jsonData()) as? [String: Any])
        #expect(empty["completion_rate"] is NSNull)
        #expect(empty["total"] as? Int == 0)
        // A correlation needs two rated rows with variance.
        let same = (1...3).map { SessionRecord(sessionID: SessionID("S-\($0)"), scheduledDurationMin: 45, rating: 4) }
        #expect(ProgramMetrics(records: same).durationRatingCorr == nil)
    }

    @Test func decodesItsOwnJSON() throws {
        let (store, _) = try SampleData.loadedStore()
        let metrics = ProgramMetrics(records: try store.records())
        let decoded = try JSONDecoder().decode(ProgramMetrics.self, from: metrics.jsonData())
        #expect(decoded == metrics)
        #expect(metrics.weekly.reduce(0) { $0 + $1.sessions } == 600)
    }
}

@Suite struct WeeklyTrendTests {
    @Test func weeksStartOnMondayUTC() {
        let formatter = ISO8601DateFormatter()
        func record(_ id: String, _ time: String) -> SessionRecord {
            SessionRecord(sessionID: SessionID(id), scheduledAt: formatter.date(from: time)!)
        }
        let weeks = ProgramMetrics(records: [
            record("S-1", "2025-05-19T00:00:00Z"),  // a Monday
            record("S-2", "2025-05-25T23:59:59Z"),  // the Sunday after
            record("S-3", "2025-05-18T23:59:59Z"),  // the Sunday before
            record("S-4", "1969-12-31T12:00:00Z"),  // before the epoch (a Wednesday)
        ]).weekly
        #expect(weeks.map(\.weekStart) == ["1969-12-29", "2025-05-12", "2025-05-19"])
        #expect(weeks.map(\.sessions) == [1, 1, 2])
    }
}
