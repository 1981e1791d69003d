import AMQP
import Codec
import Foundation
import ServiceKit
import Testing
import TestSupport

/// `mentorflow dlq …` run as the operator runs it, against the real broker.
@Suite struct DLQCommandTests {
    func mentorflow(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "error"
        let process = try ServiceProcess(executable: "mentorflow", arguments: arguments, environment: environment)
        let status = await process.waitForExit()
        return (status, process.output)
    }

    @Test func listShowAndReplayADeadLetter() async throws {
        let connection = AMQPConnection(configuration: try TestBroker.configuration(), logger: TestBroker.logger)
        try await connection.waitUntilConnected()
        let queues = ServiceQueues(service: TestBroker.uniqueName("cli"), purpose: "events", subscriptions: [.feedbackSubmitted])
        try await connection.declare(queues.topology)
        var properties = AMQPProperties(contentType: EventCodec.contentType, messageID: "evt-dead-1")
        properties.headers = [MessageHeaders.reason: "data.rating: 7 is outside 1...5", MessageHeaders.originalRoutingKey: "feedback.submitted"]
        try await connection.publish(AMQPOutgoingMessage(
            exchange: queues.deadLetterExchange, routingKey: queues.names.deadLetter, body: Array(#"{"id":"evt-dead-1"}"#.utf8), properties: properties))

        let list = try await mentorflow(["dlq", "list", queues.names.work])
        #expect(list.status == 0, "\(list.output)")
        #expect(list.output.contains("evt-dead-1"))
        #expect(list.output.contains("data.rating: 7 is outside 1...5"))

        let show = try await mentorflow(["dlq", "show", queues.names.deadLetter, "--id", "evt-dead-1"])
        #expect(show.status == 0)
        #expect(show.output.contains(#"{"id":"evt-dead-1"}"#))
        #expect(show.output.contains("routing key:  feedback.submitted"))

        let missing = try await mentorflow(["dlq", "replay", queues.names.work, "--id", "no-such-id"])
        #expect(missing.status != 0, "replaying nothing is an error")

        let replay = try await mentorflow(["dlq", "replay", queues.names.work, "--id", "evt-dead-1"])
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.output.contains("1 message(s) replayed"))
        let back = try #require(try await waitForMessage(on: connection, queue: queues.names.work))
        #expect(back.properties.messageID == "evt-dead-1")
        back.ack()
        #expect(try await connection.get(queue: queues.names.deadLetter) == nil, "removed from the DLQ")

        let usage = try await mentorflow(["dlq", "replay", queues.names.work])
        #expect(usage.status != 0)
        #expect(usage.output.contains("--id ID or --all"))
        await connection.close()
    }
}
