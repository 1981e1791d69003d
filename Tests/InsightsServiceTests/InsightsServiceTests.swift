import AMQP
import Codec
import Foundation
import MentorFlowTesting
import Model
import ServiceKit
import Testing
import TestSupport

/// `mentorflow-insights` run as a process against the real broker, on exchanges of its own, with a
/// settle window of 5 s (wide enough for a loaded CI machine to handle the comment inside it) and a sweep every 0.25 s: a level that flips back within the window is
/// never published, a held one exactly once against the last published level (a duplicate
/// changes nothing), the grace-period sweep, an undecodable message in the DLQ, the published
/// level kept across a restart, bad configuration → exit 78.
@Suite(.serialized) struct InsightsServiceTests {
    struct Setup {
        var name: String
        var exchange: String
        var dataDirectory: URL
        var rulesFile: URL
    }

    private func setup() throws -> Setup {
        _ = try TestBroker.configuration()  // fails (not skips) without a broker
        let name = "insights-\(UUID().uuidString.prefix(6).lowercased())"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // No grace period: a completed session without a comment is "feedback missing" as soon as it ends.
        let rules = directory.appendingPathComponent("flag-rules.json")
        try Data(#"{"feedback_grace_hours": 0}"#.utf8).write(to: rules)
        return Setup(
            name: name, exchange: TestBroker.uniqueName("events"), dataDirectory: directory, rulesFile: rules)
    }

    /// The service's environment: the harness's (its data folder is `setup.dataDirectory`) and the insights settings.
    private func environment(_ setup: Setup, extra: [String: String] = [:]) throws -> [String: String] {
        try ServiceHarness.environment(name: setup.name, exchange: setup.exchange, extra: [
            "MENTORFLOW_INSIGHTS_NAME": setup.name, "MENTORFLOW_INSIGHTS_FLAG_RULES": setup.rulesFile.path,
            "MENTORFLOW_INSIGHTS_SWEEP_SECONDS": "0.25", "MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS": "5",
        ].merging(extra) { $1 })
    }

    private func start(_ setup: Setup, observing types: [EventType] = []) async throws -> ServiceHarness {
        try await ServiceHarness.start("mentorflow-insights", name: setup.name, environment: try environment(setup), observing: types)
    }

    private func event(_ id: String, _ data: EventData, at time: Date = Date()) -> CloudEvent {
        EventFixtures.event(data, id: id, source: "/test/lms", time: time)
    }

    private func booking(_ session: String, at time: Date) -> EventData {
        .sessionScheduled(SessionScheduled(booking: SessionBooking(
            sessionID: SessionID(session), program: "Data Science", batch: "DS-1", mentor: Mentor(id: "M-001", name: "Asha"),
            learner: Learner(id: "L-1", name: "Ravi", email: "ravi@example.com"), sessionType: .mockInterview, scheduledAt: time,
            scheduledDurationMin: 45, pmCluster: "cluster-a")))
    }

    private func completed(_ session: String, prep: MentorPrep) -> EventData {
        .sessionCompleted(SessionCompleted(
            sessionID: SessionID(session), actualDurationMin: 45,
            outcome: SessionOutcome(learnerAttended: .attended, mentorPrep: prep, followUpScheduled: true)))
    }

    private func feedback(_ session: String, rating: Int, comment: String) -> EventData {
        .feedbackSubmitted(FeedbackSubmitted(sessionID: SessionID(session), learnerID: "L-1", feedback: Feedback(rating: rating, comment: comment)))
    }

    /// Collects `session.flagged` payloads until `count` arrived or `timeout`, then whatever else
    /// arrives within `quiet` (longer than the settle window plus a sweep, to see a flip or a
    /// second copy if there were one).
    private func flagged(_ service: ServiceHarness, count: Int, timeout: Duration = .seconds(40), quiet: Duration = .milliseconds(6000)) async throws -> [(id: String, payload: SessionFlagged)] {
        var events: [CloudEvent] = []
        let until = ContinuousClock.now + timeout
        while events.count < count, let event = try await service.next(of: .sessionFlagged, timeout: until - ContinuousClock.now) {
            events.append(event)
        }
        events += try await service.nothingMore(within: quiet)
        return events.compactMap { event in
            guard case .sessionFlagged(let payload) = event.data else { return nil }
            return (event.id, payload)
        }
    }

    @Test func flagsSettledLevelsOnceSweepsDeadLettersAndKeepsStateAcrossARestart() async throws {
        let setup = try setup()
        let service = try await start(setup, observing: [.sessionFlagged])
        let start = Date().addingTimeInterval(-7200)

        // S-1, as on an import of history: the completion alone is "feedback missing" (grace 0), and
        // its comment comes a moment later, once the completion has been handled. Yellow, then
        // green within the window: nothing may be published for S-1.
        try await service.publish([
            event("s1-scheduled", booking("S-1", at: start), at: start),
            event("s1-completed", completed("S-1", prep: .yes), at: start + 45 * 60),
        ])
        let completionHandled = try await service.waitUntilHandled(.sessionCompleted, count: 1)
        try #require(completionHandled, "the completion was never handled:\n\(service.output)")
        try await service.publish([event("s1-feedback", feedback("S-1", rating: 5, comment: "Clear and helpful."), at: start + 50 * 60)])

        // S-2: completed, then rated 1 (the rating delivered twice): red, held.
        let rating = event("s2-feedback", feedback("S-2", rating: 1, comment: "The mentor was late."), at: start + 50 * 60)
        // The consume loop handles up to 8 events at once, so the completion may be applied before the booking.
        try await service.publish([
            event("s2-scheduled", booking("S-2", at: start), at: start),
            event("s2-completed", completed("S-2", prep: .yes), at: start + 45 * 60),
            rating, rating,
        ])
        let first = try await flagged(service, count: 1)
        #expect(first.count == 1, "only S-2's settled red: \(first.map(\.payload))\n\(service.output)")
        #expect(!first.contains { $0.payload.sessionID == "S-1" }, "S-1 flipped back within the settle window")
        let red = try #require(first.first { $0.payload.sessionID == "S-2" }?.payload)
        #expect(red.flag.level == .red && red.flag.previousLevel == .green && red.flag.reasons == [.lowRating])
        #expect(red.pmCluster == "cluster-a")

        // A later comment turns S-2 green after its red was published: one more, previous red.
        try await service.publish([event("s2-feedback-2", feedback("S-2", rating: 5, comment: "Rescheduled chat went well, thanks."), at: start + 60 * 60)])
        let second = try await flagged(service, count: 1)
        #expect(second.count == 1, "\(second.map(\.payload))\n\(service.output)")
        #expect(second.first?.payload.sessionID == "S-2" && second.first?.payload.flag.level == .green)
        #expect(second.first?.payload.flag.previousLevel == .red && second.first?.payload.flag.reasons == [])
        #expect(Set((first + second).map(\.id)).count == 2, "each change has its own event id")

        // An undecodable message goes to the DLQ with its reason, and the service goes on.
        try await service.publishRaw(routingKey: "session.completed", body: Array("{not json".utf8), messageID: "raw-1")
        let deadLetter = try await service.nextDeadLetter(timeout: .seconds(30))
        let reason = try #require(deadLetter?.properties.headers[MessageHeaders.reason]?.stringValue, "dead-lettered:\n\(service.output)")
        #expect(reason.contains("cannot decode"))

        // S-3 ends in two seconds without a comment: the sweep finds "feedback missing" (grace 0)
        // after that, and publishes it once it has held for the window.
        let endsSoon = Date().addingTimeInterval(-45 * 60 + 2)
        try await service.publish([
            event("s3-scheduled", booking("S-3", at: endsSoon), at: endsSoon),
            event("s3-completed", completed("S-3", prep: .yes), at: endsSoon + 45 * 60),
        ])
        let swept = try await flagged(service, count: 1, timeout: .seconds(40))
        #expect(swept.count == 1, "\(swept.map(\.payload))\n\(service.output)")
        #expect(swept.first?.payload.sessionID == "S-3" && swept.first?.payload.flag.reasons == [.feedbackMissing])
        #expect(swept.first?.payload.flag.level == .yellow && swept.first?.payload.flag.previousLevel == .green)

        #expect(await service.stop() == 0, "graceful shutdown:\n\(service.output)")

        // Restarted on the same data: S-2's published green is remembered, so a new low rating
        // publishes red with previous green.
        try await service.restart()
        try await service.publish([event("s2-feedback-3", feedback("S-2", rating: 2, comment: "Late again."), at: start + 70 * 60)])
        let recovered = try await flagged(service, count: 1)
        #expect(recovered.count == 1, "\(recovered.map(\.payload))\n\(service.output)")
        #expect(recovered.first?.payload.sessionID == "S-2")
        #expect(recovered.first?.payload.flag.level == .red && recovered.first?.payload.flag.previousLevel == .green)
        // The old rating again (a replay): the inbox and the store drop it; no flag.
        try await service.publish([rating])
        #expect(try await flagged(service, count: 0).isEmpty)

        let metrics = await service.metrics()
        #expect(metrics?.contains(#"mentorflow_events_total{service="\#(setup.name)",type="feedback.submitted",outcome="duplicate"}"#) == true)
        #expect(await service.stop() == 0, "graceful shutdown:\n\(service.output)")
        await service.close()
    }

    @Test(arguments: ["-1", "soon", "86401"]) func aBadSettleWindowStopsTheServiceNamingTheVariable(value: String) async throws {
        let setup = try setup()
        let (status, output) = try await ServiceHarness.exitStatus(
            "mentorflow-insights", environment: try environment(setup, extra: ["MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS": value]), timeout: .seconds(15))
        #expect(status == 78)
        #expect(output.contains("MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS=\(value) must be a number of seconds in 0...86400"), "\(output)")
    }

    /// A store that will not open (the data folder is a file) stops the service with 73
    /// (EX_CANTCREAT) like every service; before the template insights exited 78 here.
    @Test func aStoreThatWillNotOpenExits73() async throws {
        let setup = try setup()
        let notAFolder = setup.dataDirectory.appendingPathComponent("data-is-a-file")
        try Data("not a folder".utf8).write(to: notAFolder)
        let (status, output) = try await ServiceHarness.exitStatus(
            "mentorflow-insights", environment: try environment(setup, extra: ["MENTORFLOW_DATA_DIR": notAFolder.path]))
        #expect(status == 73, "\(output)")
        #expect(output.contains("cannot open the store in \(notAFolder.path)"), "\(output)")
    }

    /// Every bad setting at once, ServiceKit's and the service's, each by its variable.
    @Test func everyBadSettingIsNamedAtOnce() async throws {
        let setup = try setup()
        let (status, output) = try await ServiceHarness.exitStatus(
            "mentorflow-insights",
            environment: try environment(setup, extra: [
                "MENTORFLOW_PREFETCH": "0", "MENTORFLOW_INSIGHTS_SWEEP_SECONDS": "never", "MENTORFLOW_INSIGHTS_TIME_ZONE": "Mars/Olympus",
            ]), timeout: .seconds(15))
        #expect(status == 78)
        #expect(output.contains("MENTORFLOW_PREFETCH=0"), "\(output)")
        #expect(output.contains("MENTORFLOW_INSIGHTS_SWEEP_SECONDS=never"), "\(output)")
        #expect(output.contains("MENTORFLOW_INSIGHTS_TIME_ZONE=Mars/Olympus"), "\(output)")
    }

    @Test func aBadRulesFileStopsTheServiceNamingTheFileAndTheProblem() async throws {
        let setup = try setup()
        try Data(#"{"severities": {"low_rating": "purple"}}"#.utf8).write(to: setup.rulesFile)
        let (status, output) = try await ServiceHarness.exitStatus("mentorflow-insights", environment: try environment(setup), timeout: .seconds(15))
        #expect(status == 78)
        #expect(output.contains("MENTORFLOW_INSIGHTS_FLAG_RULES=\(setup.rulesFile.path)"), "\(output)")
        #expect(output.contains(#"$.severities.low_rating: "purple" is not one of"#), "\(output)")
    }

    /// The service's own variables may come from MENTORFLOW_CONFIG_FILE like ServiceKit's: the
    /// rules file named only in the config file is read (and here refused).
    @Test func theConfigFileNamesTheServicesOwnVariablesToo() async throws {
        let setup = try setup()
        try Data(#"{"low_rating_at_most": 9}"#.utf8).write(to: setup.rulesFile)
        let config = setup.dataDirectory.appendingPathComponent("insights.env")
        try Data("# operator's file\nMENTORFLOW_INSIGHTS_FLAG_RULES=\(setup.rulesFile.path)\n".utf8).write(to: config)
        var environment = try environment(setup, extra: ["MENTORFLOW_CONFIG_FILE": config.path])
        environment["MENTORFLOW_INSIGHTS_FLAG_RULES"] = nil
        let (status, output) = try await ServiceHarness.exitStatus("mentorflow-insights", environment: environment, timeout: .seconds(15))
        #expect(status == 78)
        #expect(output.contains("MENTORFLOW_INSIGHTS_FLAG_RULES=\(setup.rulesFile.path)"), "\(output)")
        #expect(output.contains("$.low_rating_at_most"), "\(output)")
    }

    @Test func everyEventTypeIsRoutableToTheInsightsQueue() async throws {
        let setup = try setup()
        let service = try await start(setup)
        // Mandatory publishing: each routing key must reach a queue, or publish throws `unroutable`.
        for type in EventType.allCases {
            try await service.publishRaw(routingKey: type.rawValue, body: Array("{}".utf8))
        }
        #expect(await service.stop() == 0)
        await service.close()
    }
}
