import AMQP
import Codec
import Foundation
import MentorFlowTesting
import Model
import ServiceKit
import Testing
import TestSupport
@testable import InsightsWeb

/// The whole system as an operator runs it, looked at through a real browser: the real broker,
/// `mentorflow-ingest`, `mentorflow-sentiment` and `mentorflow-insights` as processes, the sample
/// export imported with `mentorflow import`, then headless Chromium (driven by
/// Browser/dashboard_check.py) signs in and reads the rendered DOM. Screenshots are saved in
/// `.build/test-output/insights-browser/` (or `$MENTORFLOW_TEST_OUTPUT_DIR/insights-browser/`).
@Suite(.serialized) struct DashboardBrowserTests {
    static let password = "leadership-password-for-the-browser-test"
    static let token = "mft_browser-test-token-0000000000000000000"
    static var sample: URL { TestBroker.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/sessions_sample.csv") }
    static var truth: URL { TestBroker.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/sessions_sample.truth.json") }
    static var outputDirectory: URL {
        let base = ProcessInfo.processInfo.environment["MENTORFLOW_TEST_OUTPUT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? TestBroker.repositoryRoot.appendingPathComponent(".build/test-output")
        return base.appendingPathComponent("insights-browser")
    }

    /// The insights service's settle window here: well beyond the pipeline's lag between a
    /// session's events during the import on a loaded 2-core machine (sentiment scores a comment
    /// after its submission; with 0 s and a 0.5 s sweep, dozens of sessions were announced twice).
    static let flagSettleSeconds = 15.0

    struct System {
        /// Insights, sentiment and ingest; insights' probe observes `session.flagged`.
        let services: [ServiceHarness]
        let insights: ServiceHarness
        let insightsBase: String
        let ingestBase: String
        let ingestKey = "browser-test-ingest-key-0123456789"
        let directory: URL
        let exchange: String

        init() async throws {
            let url = try #require(ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"], "broker tests need MENTORFLOW_AMQP_URL (deploy/test.sh sets it)")
            let suffix = UUID().uuidString.prefix(6).lowercased()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-dashboard-\(suffix)")
            self.directory = directory
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let users = directory.appendingPathComponent("users.json")
            try """
            {"users": [{"username": "lead", "display_name": "Leela Lead", "role": "leadership",
                        "password_hash": "\(try PasswordHash.make(password: DashboardBrowserTests.password, logN: 12).encoded)",
                        "api_tokens": ["\(APIToken.stored(for: DashboardBrowserTests.token))"]}]}
            """.write(to: users, atomically: true, encoding: .utf8)
            let integrations = directory.appendingPathComponent("integrations.json")
            let key = ingestKey
            try #"[{"name": "ops", "api_key": "\#(key)"}]"#.write(to: integrations, atomically: true, encoding: .utf8)
            let exchange = TestBroker.uniqueName("events")
            self.exchange = exchange
            let common = [
                "MENTORFLOW_AMQP_URL": url, "MENTORFLOW_EVENTS_EXCHANGE": exchange,
                "MENTORFLOW_DEAD_LETTER_EXCHANGE": TestBroker.uniqueName("dlx"), "LOG_LEVEL": "notice", "PATH": "/usr/bin:/bin",
            ]
            func environment(_ executable: String, _ extra: [String: String]) throws -> [String: String] {
                let data = directory.appendingPathComponent(executable)
                try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
                return common.merging(extra) { $1 }.merging(["MENTORFLOW_DATA_DIR": data.path, "MENTORFLOW_HTTP_PORT": "0"]) { $1 }
            }
            // Started side by side; the consumers' queues exist before anything is published (ingest
            // publishes only what the test posts, after all three are ready).
            let insightsEnvironment = try environment("mentorflow-insights", [
                "MENTORFLOW_INSIGHTS_NAME": "insights-\(suffix)", "MENTORFLOW_INSIGHTS_USERS_FILE": users.path,
                "MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS": "\(DashboardBrowserTests.flagSettleSeconds)", "MENTORFLOW_INSIGHTS_SWEEP_SECONDS": "0.5",
            ])
            let sentimentEnvironment = try environment("mentorflow-sentiment", ["MENTORFLOW_SENTIMENT_NAME": "sentiment-\(suffix)"])
            let ingestEnvironment = try environment("mentorflow-ingest", ["MENTORFLOW_INGEST_INTEGRATIONS_FILE": integrations.path])
            async let insights = ServiceHarness.start(
                "mentorflow-insights", name: "insights-\(suffix)", environment: insightsEnvironment, observing: [.sessionFlagged])
            async let sentiment = ServiceHarness.start("mentorflow-sentiment", name: "sentiment-\(suffix)", environment: sentimentEnvironment)
            async let ingest = ServiceHarness.start("mentorflow-ingest", name: "ingest-\(suffix)", environment: ingestEnvironment)
            services = try await [insights, sentiment, ingest]
            self.insights = services[0]
            insightsBase = services[0].baseURL
            ingestBase = services[2].baseURL
        }

        func stop() async {
            for service in services {
                _ = await service.stop()
                await service.close()
            }
        }
    }

    /// Polls `/v1/metrics` until the read model holds every sample row and every comment's score.
    static func waitForMetrics(_ system: System, total: Int, scored: Int) async -> [String: Any]? {
        let deadline = ContinuousClock.now + .seconds(120)
        var last: [String: Any]?
        while ContinuousClock.now < deadline {
            if let response = await HTTPProbe.send("GET", system.insightsBase + "/v1/metrics", headers: ["Authorization": "Bearer \(token)"]),
               response.status == 200, let json = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] {
                last = json
                let counts = (json["feedback_sentiment_counts"] as? [String: Int])?.values.reduce(0, +) ?? 0
                if json["total"] as? Int == total, counts == scored { return json }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return last
    }

    @Test func sampleImportedThroughThePipelineRendersInChromium() async throws {
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.truth)) as? [String: Any])
        let truthTotal = try #require(truth["total"] as? Int)
        let truthScored = try #require((truth["feedback_sentiment_counts"] as? [String: Int])?.values.reduce(0, +))
        let system = try await System()
        defer { Task { await system.stop() } }
        // Every session.flagged the import causes (the insights harness observes them), to check after the browser run.

        let importer = try ServiceProcess(executable: "mentorflow", arguments: [
            "import", Self.sample.path, "--ingest-url", system.ingestBase, "--api-key", system.ingestKey,
        ], environment: ["PATH": "/usr/bin:/bin"])
        let status = await importer.waitForExit(timeout: .seconds(120))
        #expect(status == 0, "mentorflow import failed:\n\(importer.output)")

        let metrics = try #require(await Self.waitForMetrics(system, total: truthTotal, scored: truthScored))
        let readModelComplete = ContinuousClock.now
        #expect(metrics["total"] as? Int == truthTotal, "the read model has every row: \(metrics["total"] ?? "nothing")")
        for key in ["completion_rate", "attendance_rate", "avg_rating", "prep_done_rate", "follow_up_rate", "feedback_missing_rate", "duration_rating_corr"] {
            let served = try #require(metrics[key] as? Double, "\(key) served")
            let expected = try #require(truth[key] as? Double)
            #expect(abs(served - expected) < 1e-9, "\(key): served \(served), truth \(expected)")
        }

        let output = Self.outputDirectory
        try? FileManager.default.removeItem(at: output)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["python3", TestBroker.repositoryRoot.appendingPathComponent("Tests/InsightsWebTests/Browser/dashboard_check.py").path,
                             system.insightsBase, "lead", output.path]
        var environment = ProcessInfo.processInfo.environment
        environment["DASHBOARD_PASSWORD"] = Self.password
        browser.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        browser.standardOutput = stdout
        browser.standardError = stderr
        try browser.run()
        let printed = stdout.fileHandleForReading.readDataToEndOfFile()
        let complaints = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        try #require(browser.terminationStatus == 0, "the browser run failed:\n\(complaints)")
        let dom = try #require(try JSONSerialization.jsonObject(with: printed) as? [String: Any], "no JSON from the browser run: \(complaints)")

        #expect((dom["after_login_url"] as? String)?.hasSuffix("/") == true, "signed in through the form and landed on the snapshot")
        #expect(dom["cookie_http_only"] as? Bool == true)
        #expect(dom["session_cookie_visible_to_script"] as? Bool == false, "HttpOnly: scripts cannot read the session")
        let tiles = try #require(dom["tiles"] as? [String: String])
        func percent(_ key: String) throws -> String { String(format: "%.1f%%", try #require(truth[key] as? Double) * 100) }
        #expect(tiles["total"] == "\(truthTotal)")
        #expect(tiles["completion_rate"] == "65.5%")
        #expect(tiles["completion_rate"] == (try percent("completion_rate")))
        #expect(tiles["attendance_rate"] == (try percent("attendance_rate")))
        #expect(tiles["prep_done_rate"] == (try percent("prep_done_rate")))
        #expect(tiles["follow_up_rate"] == (try percent("follow_up_rate")))
        #expect(tiles["feedback_missing_rate"] == (try percent("feedback_missing_rate")))
        #expect(tiles["avg_rating"] == String(format: "%.2f", try #require(truth["avg_rating"] as? Double)))
        #expect((dom["charts"] as? Int ?? 0) >= 2, "sentiment and rating-by-prep charts are SVG in the page")
        let sentimentBars = try #require(dom["sentiment_bars"] as? [[String: String]])
        // The service's own sentiment figures (the analyser's labels; the truth file's labels are the sample's annotations).
        let servedSentiment = try #require(metrics["feedback_sentiment_counts"] as? [String: Int])
        #expect(sentimentBars.count == 3)
        for bar in sentimentBars {
            let label = try #require(bar["label"]).lowercased()
            #expect(Double(bar["value"] ?? "") == Double(servedSentiment[label] ?? -1), "sentiment bar \(label)")
        }
        let prepBars = try #require(dom["prep_bars"] as? [[String: String]])
        let truthPrep = try #require(truth["rating_by_prep"] as? [String: Double])
        for bar in prepBars {
            let prep = String(try #require(bar["label"]).dropFirst("Prep ".count))
            let value = try #require(Double(bar["value"] ?? ""))
            #expect(abs(value - (truthPrep[prep] ?? -1)) < 1e-9, "rating by prep \(prep)")
        }
        #expect(dom["tracker_rows"] as? Int == 50, "a page of 50 sessions")
        #expect((dom["tracker_range"] as? String)?.contains("of \(truthTotal)") == true)
        #expect(Set(dom["tracker_levels"] as? [String] ?? []) == ["green", "yellow", "red"], "rows of every level")
        let colours = try #require(dom["tracker_colours"] as? [String: String])
        #expect(colours["red"]?.contains("rgb(198, 40, 40)") == true, "red rows carry the red bar: \(colours)")
        #expect(colours["yellow"]?.contains("rgb(183, 121, 31)") == true, "yellow rows carry the yellow bar")
        #expect(colours["green"]?.contains("rgb(46, 125, 50)") == true, "green rows carry the green bar")
        #expect(!(dom["red_reasons"] as? String ?? "").isEmpty, "a red row says why")
        #expect(dom["red_filter_levels"] as? [String] == ["red"], "the flag filter shows only red rows")
        #expect(dom["phone_overflow_px"] as? Int == 0, "the snapshot fits a 390 px phone without sideways scrolling")
        let screenshots = try #require(dom["screenshots"] as? [String])
        #expect(screenshots.count == 7, "snapshot, tracker, session, mentor, today, review report, phone")
        #expect(Set(dom["session_page_sections"] as? [String] ?? []).isSuperset(of: ["feedback", "summary"]), "the session page")
        #expect(dom["coaching_items"] as? Int != nil, "the mentor page opened from the session page")
        // The sample's last session is on 31 Oct 2025, so the default month ends at 1 Nov.
        #expect((dom["report_title"] as? String)?.hasPrefix("Monthly review, 2025-10-01 to 2025-10-31") == true, "\(dom["report_title"] ?? "no report")")
        #expect(Set(dom["report_sections"] as? [String] ?? []).isSuperset(of: ["what-changed", "top-issues", "follow-ups", "mentors-needing-support", "urgent-sessions"]))
        #expect(dom["report_changes"] as? Int == 9, "nine figures compared with the previous month")
        #expect((dom["weekly_report_title"] as? String)?.hasPrefix("Weekly review, 2025-10-25 to 2025-10-31") == true, "\(dom["weekly_report_title"] ?? "no weekly report")")
        for path in screenshots {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "screenshot \(path) saved")
        }

        try await Self.expectEachFlaggedSessionPublishedOnce(
            system.insights, flagCounts: try #require(metrics["flag_counts"] as? [String: Int]), since: readModelComplete)
        try await Self.acknowledgeAnEscalation(system)
        await system.stop()
    }

    /// The import of history, as in production: a session's completion alone is "feedback missing"
    /// (its grace period has long passed) until its comment and score arrive a moment later. With
    /// the settle window, no such flip is published: each non-green session is announced exactly
    /// once, from green, at its final level, and green sessions not at all.
    static func expectEachFlaggedSessionPublishedOnce(
        _ insights: ServiceHarness, flagCounts: [String: Int], since readModelComplete: ContinuousClock.Instant
    ) async throws {
        let expected = (flagCounts["yellow"] ?? 0) + (flagCounts["red"] ?? 0)
        #expect(expected > 0)
        var published: [SessionFlagged] = []
        // A flip would be published at most a window and a sweep after the last event.
        let quietUntil = readModelComplete + .seconds(flagSettleSeconds + 3)
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline, published.count < expected || ContinuousClock.now < quietUntil {
            guard let event = try await insights.next(of: .sessionFlagged, timeout: .zero) else {
                try await Task.sleep(for: .milliseconds(100))
                continue
            }
            if case .sessionFlagged(let payload) = event.data { published.append(payload) }
        }
        let perSession = Dictionary(grouping: published, by: \.sessionID)
        #expect(published.count == expected, "one session.flagged per non-green session: \(published.count) published, \(expected) expected")
        #expect(perSession.values.filter { $0.count > 1 }.isEmpty, "sessions announced more than once: \(perSession.filter { $0.value.count > 1 }.keys.sorted())")
        #expect(published.allSatisfy { $0.flag.previousLevel == .green && $0.flag.level != .green }, "only green → final level")
        #expect(published.count { $0.flag.level == .red } == flagCounts["red"], "red announcements = red sessions")
    }

    /// The scheduler's `escalation.opened` (published here directly, as the scheduler would) shows
    /// on the today page; "I'm on it" publishes `escalation.acknowledged`, which comes back through
    /// the broker into the read model: the escalation is then closed, acknowledged by the user.
    static func acknowledgeAnEscalation(_ system: System) async throws {
        struct Detail: Decodable {
            struct Escalation: Decodable {
                let escalation_id: String
                let open: Bool
                let acknowledged_by: String?
            }
            let escalations: [Escalation]
        }
        func escalations() async -> [Detail.Escalation] {
            guard let response = await HTTPProbe.send("GET", system.insightsBase + "/v1/sessions/S-000002", headers: ["Authorization": "Bearer \(token)"]),
                  let detail = try? JSONDecoder().decode(Detail.self, from: Data(response.body.utf8)) else { return [] }
            return detail.escalations
        }
        func waitFor(_ condition: @escaping ([Detail.Escalation]) -> Bool) async -> [Detail.Escalation] {
            let deadline = ContinuousClock.now + .seconds(30)
            var last: [Detail.Escalation] = []
            while ContinuousClock.now < deadline {
                last = await escalations()
                if condition(last) { return last }
                try? await Task.sleep(for: .milliseconds(200))
            }
            return last
        }
        let opened = Date()
        try await system.insights.publish([EventFixtures.event(
            .escalationOpened(EventFixtures.escalationOpened(EventFixtures.escalation(
                id: "E-BROWSER-1", session: "S-000002", cluster: "cluster-a", openedAt: opened, reasons: [.negativeFeedback]))),
            source: "/mentorflow/scheduler", time: opened)])
        let open = await waitFor { $0.contains { $0.escalation_id == "E-BROWSER-1" && $0.open } }
        #expect(open.contains { $0.escalation_id == "E-BROWSER-1" && $0.open }, "the escalation reached the read model")
        let today = await HTTPProbe.send("GET", system.insightsBase + "/today", headers: ["Authorization": "Bearer \(token)"])
        #expect(today?.body.contains("/escalations/E-BROWSER-1/acknowledge") == true, "the today page offers the button")

        let acknowledged = await HTTPProbe.send("POST", system.insightsBase + "/escalations/E-BROWSER-1/acknowledge",
                                                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/x-www-form-urlencoded"], body: Data())
        #expect(acknowledged?.status == 200 || acknowledged?.status == 303, "acknowledged: \(acknowledged?.status ?? 0)")
        let closed = await waitFor { $0.contains { $0.escalation_id == "E-BROWSER-1" && !$0.open } }
        #expect(closed.first { $0.escalation_id == "E-BROWSER-1" }?.acknowledged_by == "lead", "closed by the user through the broker: \(closed)")
    }

    @Test func aBadUsersFileStopsTheServiceAtStart() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-users-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let users = directory.appendingPathComponent("users.json")
        try #"{"users": [{"username": "pm", "role": "pm", "password_hash": "hunter2"}]}"#.write(to: users, atomically: true, encoding: .utf8)
        let service = try await ServiceHarness.exitStatus("mentorflow-insights", environment: [
            "MENTORFLOW_AMQP_URL": url, "MENTORFLOW_DATA_DIR": directory.path, "MENTORFLOW_HTTP_PORT": "0",
            "MENTORFLOW_INSIGHTS_NAME": "insights-\(UUID().uuidString.prefix(6).lowercased())", "MENTORFLOW_INSIGHTS_USERS_FILE": users.path,
            "MENTORFLOW_INSIGHTS_TIME_ZONE": "Mars/Olympus", "PATH": "/usr/bin:/bin",
        ], timeout: .seconds(60))
        #expect(service.status == 78)
        #expect(service.output.contains("MENTORFLOW_INSIGHTS_TIME_ZONE=Mars/Olympus"), "\(service.output)")
        try "{\"users\": [{\"username\": \"pm\", \"role\": \"pm\", \"password_hash\": \"hunter2\"}]}".write(to: users, atomically: true, encoding: .utf8)
        let second = try await ServiceHarness.exitStatus("mentorflow-insights", environment: [
            "MENTORFLOW_AMQP_URL": url, "MENTORFLOW_DATA_DIR": directory.path, "MENTORFLOW_HTTP_PORT": "0",
            "MENTORFLOW_INSIGHTS_NAME": "insights-\(UUID().uuidString.prefix(6).lowercased())", "MENTORFLOW_INSIGHTS_USERS_FILE": users.path,
            "PATH": "/usr/bin:/bin",
        ], timeout: .seconds(60))
        #expect(second.status == 78)
        #expect(second.output.contains("users[0].clusters") && second.output.contains("users[0].password_hash"), "\(second.output)")
        #expect(!second.output.contains("hunter2"), "the bad value is not echoed")
    }
}
