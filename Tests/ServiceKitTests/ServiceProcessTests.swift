import AMQP
import Codec
import Foundation
import Model
import Testing
import TestSupport
@testable import ServiceKit

/// A service built on ServiceRuntime, run as a process: configuration, HTTP health and
/// metrics, and SIGTERM draining in-flight work before exit 0.
@Suite struct ServiceProcessTests {
    @Test func missingConfigurationFailsFastNamingTheVariable() async throws {
        let service = try ServiceProcess(executable: "ProbeService", environment: ["PATH": "/usr/bin:/bin"])
        let status = await service.waitForExit(timeout: .seconds(30))
        #expect(status == 78)
        #expect(service.output.contains("MENTORFLOW_AMQP_URL is required"))
        #expect(service.output.contains("MENTORFLOW_DATA_DIR is required"))
    }

    /// On classic and on quorum queues (the path past one machine): acks sent just before the
    /// channel closes on SIGTERM must not be lost, or a handled event would come back.
    @Test(arguments: ["classic", "quorum"])
    func healthMetricsAndSigtermDrainWithExitZero(queueType: String) async throws {
        let configuration = try TestBroker.configuration()
        let name = "probe-\(UUID().uuidString.prefix(6).lowercased())"
        let exchange = TestBroker.uniqueName("events")
        let url = try #require(ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"])
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(name)")
        let service = try ServiceProcess(executable: "ProbeService", environment: [
            "MENTORFLOW_AMQP_URL": url, "MENTORFLOW_DATA_DIR": dataDirectory.path, "MENTORFLOW_HTTP_PORT": "0",
            "MENTORFLOW_EVENTS_EXCHANGE": exchange, "MENTORFLOW_DEAD_LETTER_EXCHANGE": TestBroker.uniqueName("dlx"),
            "PROBE_NAME": name, "PROBE_DELAY_MS": "150", "MENTORFLOW_CONCURRENCY": "2", "LOG_LEVEL": "info",
            "MENTORFLOW_QUEUE_TYPE": queueType,
        ])
        let ready = await service.waitUntilReady()
        try #require(ready, "service never became ready:\n\(service.output)")
        let base = service.baseURL
        #expect(await HTTPProbe.get("\(base)/health/live")?.status == 200)

        let probe = AMQPConnection(configuration: configuration, logger: TestBroker.logger)
        try await probe.waitUntilConnected()
        let outputs = TestBroker.uniqueName("flags")
        try await probe.declare(AMQPTopology(queues: [.init(name: outputs, kind: .classic)],
                                             bindings: [.init(queue: outputs, exchange: exchange, routingKey: "session.flagged")]))
        let events = (0..<200).map { index in
            CloudEvent(id: "fb-\(index)", source: "/test", time: Date(), data: .feedbackSubmitted(FeedbackSubmitted(
                sessionID: SessionID(rawValue: "S-\(index)"), learnerID: "L-1", feedback: Feedback(rating: 1, comment: "learner x.y@example.com"))))
        }
        try await AMQPEventPublisher(connection: probe, exchange: exchange).publish(events)

        var flagged: Set<String> = []
        while flagged.count < 5 {
            if let delivery = try await probe.get(queue: outputs) {
                flagged.insert(try EventCodec.decode(Data(delivery.body)).get().subject ?? "?")
                delivery.ack()
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let metrics = await HTTPProbe.get("\(base)/metrics")
        #expect(metrics?.status == 200)
        #expect(metrics?.body.contains(#"mentorflow_events_total{service="\#(name)",type="feedback.submitted",outcome="handled"}"#) == true)

        service.signal(SIGTERM)
        #expect(await service.waitForExit() == 0, "graceful shutdown exits 0:\n\(service.output)")

        // Everything handled was acked (its flag published); everything else is still queued.
        try await Task.sleep(for: .milliseconds(300))
        while let delivery = try await probe.get(queue: outputs) {
            flagged.insert(try EventCodec.decode(Data(delivery.body)).get().subject ?? "?")
            delivery.ack()
        }
        var left: Set<String> = []
        while let delivery = try await probe.get(queue: "\(name).events") {
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
        await probe.close()
    }
}
