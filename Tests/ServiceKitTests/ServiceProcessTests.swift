import AMQP
import Codec
import Foundation
import MentorFlowTesting
import Model
import Testing
import TestSupport
@testable import ServiceKit

/// A service built on ServiceRuntime, run as a process: configuration, HTTP health and
/// metrics, and SIGTERM draining in-flight work before exit 0.
@Suite struct ServiceProcessTests {
    @Test func missingConfigurationFailsFastNamingTheVariable() async throws {
        let (status, output) = try await ServiceHarness.exitStatus("ProbeService", environment: ["PATH": "/usr/bin:/bin"])
        #expect(status == 78)
        #expect(output.contains("MENTORFLOW_AMQP_URL is required"))
        #expect(output.contains("MENTORFLOW_DATA_DIR is required"))
    }

    /// On classic and on quorum queues (the path past one machine): acks sent just before the
    /// channel closes on SIGTERM must not be lost, or a handled event would come back.
    @Test(arguments: ["classic", "quorum"])
    func healthMetricsAndSigtermDrainWithExitZero(queueType: String) async throws {
        let configuration = try TestBroker.configuration()
        let name = ServiceHarness.uniqueServiceName("probe")
        let service = try await ServiceHarness.start("ProbeService", name: name, extra: [
            "PROBE_NAME": name, "PROBE_DELAY_MS": "150", "MENTORFLOW_CONCURRENCY": "2", "MENTORFLOW_QUEUE_TYPE": queueType,
        ], observing: [.sessionFlagged])
        let base = service.baseURL
        #expect(await HTTPProbe.get("\(base)/health/live")?.status == 200)

        let events = (0..<200).map { index in
            EventFixtures.event(
                .feedbackSubmitted(EventFixtures.feedbackSubmitted(session: "S-\(index)", rating: 1, comment: "learner x.y@example.com")), id: "fb-\(index)",
                time: Date())
        }
        try await service.publish(events)

        var flagged: Set<String> = []
        while flagged.count < 5 {
            let event = try #require(try await service.next(of: .sessionFlagged), "no session.flagged:\n\(service.output)")
            flagged.insert(event.subject ?? "?")
        }
        let metrics = await HTTPProbe.get("\(base)/metrics")
        #expect(metrics?.status == 200)
        #expect(metrics?.body.contains(#"mentorflow_events_total{service="\#(name)",type="feedback.submitted",outcome="handled"}"#) == true)

        #expect(await service.stop() == 0, "graceful shutdown exits 0:\n\(service.output)")

        // Everything handled was acked (its flag published); everything else is still queued.
        for event in try await service.nothingMore(within: .milliseconds(300)) {
            flagged.insert(event.subject ?? "?")
        }
        var left: Set<String> = []
        while let delivery = try await service.connection.get(queue: "\(name).events") {
            left.insert(try EventCodec.decode(Data(delivery.body)).get().subject ?? "?")
            delivery.ack()
        }
        #expect(flagged.isDisjoint(with: left), "no handled event was left unacked")
        #expect(flagged.union(left) == Set((0..<200).map { "S-\($0)" }), "nothing lost")
        #expect(!left.isEmpty, "the service stopped before the queue was empty (otherwise this test proves nothing)")

        let lines = service.output.split(separator: "\n")
        #expect(lines.contains { $0.contains(#""msg":"stopped""#) })
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every log line is JSON")
        #expect(!service.output.contains("x.y@example.com"))
        #expect(!service.output.contains(configuration.password), "the broker password is never logged")
        await service.close()
    }
}
