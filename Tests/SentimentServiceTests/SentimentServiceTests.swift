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
    private func extra(name: String) -> [String: String] {
        ["MENTORFLOW_SENTIMENT_NAME": name]
    }

    @Test func badLexiconFolderFailsFastNamingTheVariable() async throws {
        // Fails (not skips) without a broker.
        let environment = try ServiceHarness.environment(
            name: "sentiment-bad", extra: extra(name: "sentiment-bad").merging(["MENTORFLOW_SENTIMENT_LEXICON_DIR": "/nonexistent/lexicons"]) { $1 })
        let (status, output) = try await ServiceHarness.exitStatus("mentorflow-sentiment", environment: environment, timeout: .seconds(15))
        #expect(status == 78)
        #expect(output.contains("MENTORFLOW_SENTIMENT_LEXICON_DIR=/nonexistent/lexicons"))
    }

    @Test func scoresFeedbackOnceEach() async throws {
        let name = ServiceHarness.uniqueServiceName("sentiment")
        let service = try await ServiceHarness.start("mentorflow-sentiment", name: name, extra: extra(name: name), observing: [.feedbackScored])

        func feedback(_ id: String, session: String, _ comment: String) -> CloudEvent {
            EventFixtures.event(
                .feedbackSubmitted(EventFixtures.feedbackSubmitted(session: session, rating: 3, comment: comment)), id: id, source: "/test/ingest",
                time: Date())
        }
        let noShow = feedback("fb-1", session: "S-1", "Mentor did not join, waited 30 minutes.")
        try await service.publish([
            noShow,
            feedback("fb-2", session: "S-2", ""),
            feedback("fb-3", session: "S-3", "मेंटर ने बहुत अच्छे से समझाया, धन्यवाद।"),
            noShow,  // a duplicate: scored once
        ])

        var scored: [String: FeedbackScored] = [:]
        var count = 0
        let until = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < until, scored.count < 3,
              let event = try await service.next(of: .feedbackScored, timeout: until - ContinuousClock.now) {
            if case .feedbackScored(let payload) = event.data {
                scored[payload.sessionID.rawValue] = payload
                count += 1
            }
        }
        // Give a second copy time to show up if the duplicate were handled again.
        count += try await service.nothingMore(within: .milliseconds(700)).count
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

        let metrics = await service.metrics()
        #expect(metrics?.contains(#"mentorflow_events_total{service="\#(name)",type="feedback.submitted",outcome="duplicate"}"#) == true)
        #expect(await service.stop() == 0, "graceful shutdown:\n\(service.output)")
        await service.close()
    }
}
