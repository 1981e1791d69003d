import AMQP
import Codec
import Foundation
import MentorFlowTesting
import Model
import ServiceKit
import Testing
import TestSupport

/// `mentorflow-sentiment` run as a process against the real broker, on an exchange of its own.
@Suite struct SentimentServiceTests {
    private func environment(name: String, exchange: String, extra: [String: String] = [:]) throws -> [String: String] {
        // Fails (not skips) without a broker.
        try TestBroker.serviceEnvironment(name: name, exchange: exchange, extra: ["MENTORFLOW_SENTIMENT_NAME": name].merging(extra) { $1 })
    }

    @Test func badLexiconFolderFailsFastNamingTheVariable() async throws {
        let service = try ServiceProcess(
            executable: "mentorflow-sentiment",
            environment: try environment(
                name: "sentiment-bad", exchange: TestBroker.uniqueName("events"),
                extra: ["MENTORFLOW_SENTIMENT_LEXICON_DIR": "/nonexistent/lexicons"]))
        #expect(await service.waitForExit(timeout: .seconds(15)) == 78)
        #expect(service.output.contains("MENTORFLOW_SENTIMENT_LEXICON_DIR=/nonexistent/lexicons"))
    }

    @Test func scoresFeedbackOnceEach() async throws {
        let configuration = try TestBroker.configuration()
        let name = "sentiment-\(UUID().uuidString.prefix(6).lowercased())"
        let exchange = TestBroker.uniqueName("events")
        let service = try ServiceProcess(executable: "mentorflow-sentiment", environment: try environment(name: name, exchange: exchange))
        defer { if service.process.isRunning { service.signal(SIGKILL) } }

        let ready = await service.waitUntilReady()
        try #require(ready, "service never became ready:\n\(service.output)")

        let probe = AMQPConnection(configuration: configuration, logger: TestBroker.logger)
        try await probe.waitUntilConnected()
        let outputs = TestBroker.uniqueName("scored")
        try await probe.declare(AMQPTopology(
            queues: [.init(name: outputs, kind: .classic)], bindings: [.init(queue: outputs, exchange: exchange, routingKey: "feedback.scored")]))
        func feedback(_ id: String, session: String, _ comment: String) -> CloudEvent {
            EventFixtures.event(
                .feedbackSubmitted(EventFixtures.feedbackSubmitted(session: session, rating: 3, comment: comment)), id: id, source: "/test/ingest",
                time: Date())
        }
        let noShow = feedback("fb-1", session: "S-1", "Mentor did not join, waited 30 minutes.")
        try await AMQPEventPublisher(connection: probe, exchange: exchange).publish([
            noShow,
            feedback("fb-2", session: "S-2", ""),
            feedback("fb-3", session: "S-3", "मेंटर ने बहुत अच्छे से समझाया, धन्यवाद।"),
            noShow,  // a duplicate: scored once
        ])

        var scored: [String: FeedbackScored] = [:]
        var count = 0
        let until = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < until, scored.count < 3 {
            if let delivery = try await probe.get(queue: outputs) {
                if case .feedbackScored(let payload) = try EventCodec.decode(Data(delivery.body)).get().data {
                    scored[payload.sessionID.rawValue] = payload
                    count += 1
                }
                delivery.ack()
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        // Give a second copy time to show up if the duplicate were handled again.
        try await Task.sleep(for: .milliseconds(700))
        while let delivery = try await probe.get(queue: outputs) {
            count += 1
            delivery.ack()
        }
        #expect(count == 3, "the duplicate feedback.submitted was scored once:\n\(service.output)")

        let negative = try #require(scored["S-1"])
        #expect(negative.result.label == .negative)
        #expect(negative.result.aspects.contains(.noShow))
        #expect(negative.result.aspects.contains(.punctuality))
        #expect(!negative.feedbackMissing)
        #expect(negative.result.analyzerVersion.hasPrefix("mentorflow-rules-"))
        #expect(negative.result.evidence.contains { $0.contains("not join") })

        let missing = try #require(scored["S-2"])
        #expect(missing.feedbackMissing)
        #expect(missing.result.label == .neutral)
        #expect(missing.result.aspects == [.none])

        let hindi = try #require(scored["S-3"])
        #expect(hindi.result.label == .positive)
        #expect(hindi.result.language == .hi)

        let metrics = await HTTPProbe.get(service.baseURL + "/metrics")
        #expect(metrics?.body.contains(#"mentorflow_events_total{service="\#(name)",type="feedback.submitted",outcome="duplicate"}"#) == true)
        service.signal(SIGTERM)
        #expect(await service.waitForExit() == 0, "graceful shutdown:\n\(service.output)")
        await probe.close()
    }
}
