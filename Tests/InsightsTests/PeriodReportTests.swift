import Foundation
import InsightsCore
import Model
import Testing
import TestSupport

/// `PeriodReport`: its windows, what changed, top issues, mentors needing support, follow-up
/// completion, and the Markdown it renders; then `mentorflow report` as a process.
@Suite struct PeriodReportTests {
    static func day(_ text: String) -> Date { Calendar.reportCalendar.date(fromDay: text)! }

    /// A session record as the read model would hold it, flagged by the default rules.
    static func record(
        _ id: String, mentor: String = "M-001", name: String = "Asha Rao", cluster: String = "cluster-a", on date: String,
        state: SessionState = .completed, prep: MentorPrep = .yes, followUp: Bool = true, rating: Int? = 5,
        sentiment: SentimentLabel? = .positive, aspects: [Aspect] = [], actionItems: [ActionItem] = []
    ) -> SessionRecord {
        var record = SessionRecord(
            sessionID: SessionID(id), program: "Data Science", mentorID: MentorID(mentor), mentorName: name, pmCluster: PMClusterID(cluster),
            sessionType: .mockInterview, scheduledAt: day(date).addingTimeInterval(10 * 3600), scheduledDurationMin: 45, state: state,
            actualDurationMin: state == .completed ? 45 : nil, learnerAttended: state == .completed, mentorPrep: prep, followUpScheduled: followUp,
            rating: state == .completed ? rating : nil, comment: sentiment == nil ? "" : "a comment",
            sentiment: sentiment.map { SentimentSnapshot(label: $0, score: 0, aspects: aspects, language: .en) })
        if !actionItems.isEmpty {
            record.summary = SummarySnapshot(text: "", status: .draft, version: 1, keyPhrases: [], actionItems: actionItems)
        }
        record.flag = FlagEvaluator().evaluate(record, now: day("2030-01-01"))
        return record
    }

    @Test func cadencesGiveTheirWindowsAndThePreviousOne() {
        let end = Self.day("2025-11-01")
        #expect(ReviewCadence.weekly.period(endingAt: end).start == Self.day("2025-10-25"))
        #expect(ReviewCadence.biweekly.period(endingAt: end).start == Self.day("2025-10-18"))
        #expect(ReviewCadence.monthly.period(endingAt: end).start == Self.day("2025-10-01"))
        let quarter = ReviewCadence.quarterly.period(endingAt: end)
        #expect(quarter.start == Self.day("2025-08-01"))
        #expect(quarter.previous() == ReviewPeriod(cadence: .quarterly, start: Self.day("2025-05-01"), end: Self.day("2025-08-01")))
        #expect(quarter.contains(Self.day("2025-08-01")) && !quarter.contains(end), "half-open")
        #expect(ReportFormat.dateRange(quarter) == "2025-08-01 to 2025-10-31")
    }

    @Test func daysAreReadOnlyInTheirOneFormAndWrittenBack() {
        let calendar = Calendar.reportCalendar
        #expect(calendar.date(fromDay: "2025-02-28").map(calendar.dayText) == "2025-02-28")
        for bad in ["2025-02-30", "2025-13-01", "2025-5-1", "20250501", "2025-05-01T00:00", "", "yyyy-mm-dd"] {
            #expect(calendar.date(fromDay: bad) == nil, "\(bad)")
        }
        var kolkata = Calendar(identifier: .gregorian)
        kolkata.timeZone = TimeZone(identifier: "Asia/Kolkata")!
        #expect(kolkata.date(fromDay: "2025-05-21") == calendar.date(fromDay: "2025-05-21")!.addingTimeInterval(-5.5 * 3600), "midnight where the calendar is")
    }

    @Test func theDefaultEndIsTheDayAfterTheLastSessionButNeverAfterToday() {
        let history = [Self.day("2025-03-01"), Self.day("2025-10-31").addingTimeInterval(3600)]
        #expect(ReviewPeriod.defaultEnd(of: history, now: Self.day("2026-11-25")) == Self.day("2025-11-01"))
        let future = history + [Self.day("2027-01-01")]
        #expect(ReviewPeriod.defaultEnd(of: future, now: Self.day("2026-11-25").addingTimeInterval(5)) == Self.day("2026-11-26"))
        #expect(ReviewPeriod.defaultEnd(of: [], now: Self.day("2026-11-25")) == Self.day("2026-11-26"))
    }

    /// Mentor M-002 has a bad week (two no-shows, no prep, a negative comment about punctuality);
    /// M-001 has a good one; the week before was all good.
    func aBadWeek() -> PeriodReport {
        let records = [
            Self.record("S-01", on: "2025-10-20"), Self.record("S-02", on: "2025-10-21"),  // previous week
            Self.record("S-03", on: "2025-10-27"),
            Self.record("S-04", on: "2025-10-28", followUp: false, actionItems: [ActionItem(text: "Share notes", owner: .mentor)]),
            Self.record("S-05", mentor: "M-002", name: "Ravi | <b>Kumar</b>", on: "2025-10-27", state: .noShow, prep: .no, followUp: false, sentiment: nil),
            Self.record("S-06", mentor: "M-002", name: "Ravi | <b>Kumar</b>", on: "2025-10-29", state: .noShow, prep: .no, followUp: true, sentiment: nil),
            Self.record("S-07", mentor: "M-002", name: "Ravi | <b>Kumar</b>", on: "2025-10-30", prep: .no, rating: 2, sentiment: .negative, aspects: [.punctuality]),
            Self.record("S-08", mentor: "M-002", name: "Ravi | <b>Kumar</b>", on: "2025-10-31", prep: .partial, rating: 3, sentiment: .neutral),
            Self.record("S-09", on: "2025-11-01"),  // after the period
        ]
        return PeriodReport(period: ReviewCadence.weekly.period(endingAt: Self.day("2025-11-01")), clusters: nil, records: records)
    }

    @Test func whatChangedComparesWithThePreviousWindow() throws {
        let report = aBadWeek()
        #expect(report.current.sessions == 6)
        #expect(report.previous.sessions == 2)
        let completion = try #require(report.changes.first { $0.figure == "completion rate" })
        #expect(completion.current == 4.0 / 6.0 && completion.previous == 1.0)
        #expect(completion.improved == false)
        #expect(ReportFormat.delta(completion) == "−33.3 pts (worse)")
        let red = try #require(report.changes.first { $0.figure == "red sessions" })
        #expect(red.current == 3 && red.previous == 0 && red.improved == false)
        #expect(report.changes.first { $0.figure == "sessions" }?.improved == nil, "more sessions is neither better nor worse")
    }

    @Test func topIssuesRankFlagReasonsAndComplaintsBySessions() {
        let issues = aBadWeek().topIssues
        #expect(issues.first?.name == FlagReason.mentorNotPrepared.rawValue, "three sessions without prep lead")
        #expect(issues.first?.sessions == 3)
        #expect(issues.contains { $0.kind == .feedbackAspect && $0.name == Aspect.punctuality.rawValue && $0.sessions == 1 })
        #expect(issues.contains { $0.name == FlagReason.noShow.rawValue && $0.sessions == 2 && abs($0.share - 2.0 / 6.0) < 1e-12 })
        #expect(issues.map(\.sessions) == issues.map(\.sessions).sorted(by: >))
    }

    @Test func onlyTheMentorBelowTheProgramNeedsSupportWithItsReasons() throws {
        let support = aBadWeek().mentorsNeedingSupport
        #expect(support.map(\.metrics.mentorID) == ["M-002"])
        let reasons = try #require(support.first?.reasons)
        #expect(reasons.contains("3 of 4 sessions red"))
        #expect(reasons.contains("prepared for 0% of sessions"))
        #expect(reasons.contains { $0.hasPrefix("completion 50% against the program's 67%") })
    }

    @Test func followUpCompletionCountsEndedFlaggedAndActionItemSessions() {
        let followUps = aBadWeek().followUps
        #expect(followUps.ended == 6 && followUps.endedWithFollowUp == 4)
        #expect(followUps.flagged == 5 && followUps.flaggedWithFollowUp == 3)
        #expect(followUps.withActionItems == 1 && followUps.withActionItemsAndFollowUp == 0)
    }

    @Test func urgentSessionsAreTheRedOnesWorstFirst() {
        let urgent = aBadWeek().urgentSessions
        #expect(urgent.map(\.sessionID) == ["S-05", "S-07", "S-06"])
        #expect(urgent.first?.reasons == ["mentor_not_prepared", "no_follow_up", "no_show"])
    }

    @Test func markdownHasEverySectionAndCannotBeBrokenByNames() {
        let markdown = aBadWeek().markdown()
        for heading in ["# Weekly review, 2025-10-25 to 2025-10-31", "## What changed", "## Top issues", "## Mentors needing support",
                        "## Follow-up completion", "## Urgent sessions"] {
            #expect(markdown.contains(heading + "\n"), "\(heading)")
        }
        #expect(markdown.contains("| completion rate | 66.7% | 100.0% | −33.3 pts (worse) |"))
        #expect(markdown.contains("Ravi \\| &lt;b&gt;Kumar&lt;/b&gt; (M-002)"))
        #expect(!markdown.contains("<b>"))
        #expect(markdown.contains("Flagged (yellow or red) sessions that have a follow-up: 3 of 5 (60.0%)"))
    }

    @Test func anEmptyPeriodSaysSoInsteadOfFailing() {
        let report = PeriodReport(period: ReviewCadence.weekly.period(endingAt: Self.day("2024-01-01")), clusters: ["cluster-z"], records: [])
        let markdown = report.markdown()
        #expect(report.current.sessions == 0 && report.current.completionRate == nil)
        #expect(markdown.contains("Scope: cluster-z."))
        #expect(markdown.contains("No flagged sessions and no negative feedback in this period."))
        #expect(markdown.contains("| completion rate | – | – | – |"))
    }

    @Test func theSampleReportAgreesWithTheStoresOwnFilter() throws {
        let (store, _) = try SampleData.loadedStore()
        let records = try store.records(matching: SessionFilter(pmClusters: ["cluster-b"]))
        let period = ReviewCadence.monthly.period(endingAt: Self.day("2025-10-01"))
        let report = PeriodReport(period: period, clusters: ["cluster-b"], records: records)
        let window = try store.records(matching: SessionFilter(pmClusters: ["cluster-b"], scheduledFrom: period.start, scheduledTo: period.end))
        #expect(window.count > 0)
        #expect(report.current == PeriodReport.Snapshot(metrics: ProgramMetrics(records: window)))
        #expect(report.urgentSessions.allSatisfy { $0.pmCluster == "cluster-b" })
    }
}

/// `mentorflow report` as a process.
@Suite struct ReportCommandTests {
    private func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try ServiceProcess(executable: "mentorflow", arguments: ["report"] + arguments, environment: ["PATH": "/usr/bin:/bin"])
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, process.output)
    }

    @Test func aClusterReportOfTheSampleAsJSON() async throws {
        let (status, output) = try await run(["--period", "quarterly", "--cluster", "cluster-a", "--csv", SampleData.csv.path, "--format", "json"])
        #expect(status == 0, "\(output.prefix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(json["clusters"] as? [String] == ["cluster-a"])
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["start"] as? String == "2025-08-01T00:00:00Z", "the sample's last session is in October 2025")
        #expect(period["end"] as? String == "2025-11-01T00:00:00Z")
        let urgent = try #require(json["urgentSessions"] as? [[String: Any]])
        #expect(!urgent.isEmpty && urgent.allSatisfy { $0["pmCluster"] as? String == "cluster-a" })
    }

    @Test func markdownByDefault() async throws {
        let (status, output) = try await run(["--period", "weekly", "--csv", SampleData.csv.path, "--ending", "2025-10-01"])
        #expect(status == 0, "\(output.prefix(2000))")
        #expect(output.hasPrefix("# Weekly review, 2025-09-24 to 2025-09-30\n"))
        #expect(output.contains("## Mentors needing support"))
    }

    /// One self-contained file: the stylesheet inline, nothing fetched from elsewhere, and LMS text
    /// (here a mentor name carrying a script) shown as text.
    @Test func htmlIsSelfContainedAndEscapesLMSText() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID()).csv")
        let sample = try String(contentsOf: SampleData.csv, encoding: .utf8)
        try sample.replacingOccurrences(of: "Vishal Mahajan", with: "Vishal <script>alert(1)</script> Mahajan").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID()).html")
        defer { try? FileManager.default.removeItem(at: output) }
        let (status, log) = try await run(["--period", "monthly", "--csv", file.path, "--ending", "2025-11-01", "--format", "html", "--output", output.path])
        #expect(status == 0, "\(log.prefix(2000))")
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<style>") && html.contains(".card"), "the stylesheet is inline")
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"), "nothing is fetched")
        for section in ["what-changed", "top-issues", "follow-ups", "mentors-needing-support", "urgent-sessions"] {
            #expect(html.contains("id=\"\(section)\""), "\(section)")
        }
        #expect(html.contains("Vishal &lt;script&gt;alert(1)&lt;&#x2F;script&gt; Mahajan") || html.contains("Vishal &lt;script&gt;alert(1)&lt;/script&gt; Mahajan"),
                "the name is escaped: \(html.components(separatedBy: "Vishal").dropFirst().first?.prefix(80) ?? "absent")")
        #expect(!html.contains("<script"))
        #expect(!html.contains("href=\"/sessions/") && !html.contains("href=\"/mentors/"), "no links to a dashboard the reader may not have")
    }

    @Test func badArgumentsAreNamed() async throws {
        let badDate = try await run(["--period", "weekly", "--csv", SampleData.csv.path, "--ending", "2025-13-01"])
        #expect(badDate.status != 0)
        #expect(badDate.output.contains("--ending '2025-13-01' is not a date YYYY-MM-DD"))
        let noSource = try await run(["--period", "weekly"])
        #expect(noSource.status != 0 && noSource.output.contains("exactly one of --csv FILE or --database FILE"))
        let badPeriod = try await run(["--period", "daily", "--csv", SampleData.csv.path])
        #expect(badPeriod.status != 0 && badPeriod.output.contains("daily"))
        let missing = try await run(["--period", "weekly", "--database", "/nonexistent/insights.sqlite"])
        #expect(missing.status != 0 && missing.output.contains("no such database"))
    }
}
