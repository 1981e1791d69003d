import Foundation
import Testing
@testable import ServiceKit

@Suite struct ConfigurationTests {
    @Test func missingRequiredVariablesAreNamed() {
        #expect {
            _ = try ServiceConfiguration(serviceName: "x", defaultHTTPPort: 8080, environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("MENTORFLOW_AMQP_URL is required") && text.contains("MENTORFLOW_DATA_DIR is required")
        }
    }

    @Test func badValuesAreNamedWithTheirValue() {
        let environment = [
            "MENTORFLOW_AMQP_URL": "http://nope", "MENTORFLOW_DATA_DIR": "/tmp/x", "MENTORFLOW_HTTP_PORT": "99999",
            "LOG_LEVEL": "loud", "MENTORFLOW_QUEUE_TYPE": "stream",
        ]
        #expect {
            _ = try ServiceConfiguration(serviceName: "x", defaultHTTPPort: 8080, environment: environment)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.problems.count == 4
                && error.problems.contains { $0.hasPrefix("MENTORFLOW_AMQP_URL") && $0.contains("scheme") }
                && error.problems.contains { $0.hasPrefix("MENTORFLOW_HTTP_PORT=99999") }
                && error.problems.contains { $0.hasPrefix("LOG_LEVEL=loud") }
                && error.problems.contains { $0.hasPrefix("MENTORFLOW_QUEUE_TYPE=stream") }
        }
    }

    @Test func configFileIsReadAndEnvironmentWins() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(UUID()).env")
        try """
        # MentorFlow settings
        MENTORFLOW_AMQP_URL="amqp://u:p@127.0.0.1:5673/%2f"
        MENTORFLOW_DATA_DIR=/var/lib/mentorflow
        MENTORFLOW_PREFETCH=10
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try ServiceConfiguration(
            serviceName: "ingest", defaultHTTPPort: 8081,
            environment: ["MENTORFLOW_CONFIG_FILE": file.path, "MENTORFLOW_PREFETCH": "20"])
        #expect(configuration.amqp.port == 5673)
        #expect(configuration.amqp.username == "u")
        #expect(configuration.dataDirectory.path == "/var/lib/mentorflow")
        #expect(configuration.prefetch == 20)
        #expect(configuration.httpPort == 8081)
        #expect(configuration.logFormat == .json)
    }

    @Test func retryDelaysGrowAndAreCapped() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(5))
        #expect(policy.delay(attempt: 1) == .seconds(1))
        #expect(policy.delay(attempt: 2) == .seconds(2))
        #expect(policy.delay(attempt: 3) == .seconds(4))
        #expect(policy.delay(attempt: 4) == .seconds(5))
        #expect(policy.delay(attempt: 40) == .seconds(5))
    }
}

@Suite struct LoggingTests {
    @Test func emailsAreMaskedInMessagesAndMetadata() throws {
        let lines = LineSink()
        var handler = JSONLogHandler(label: "t", level: .info, sink: { lines.append($0) })
        handler[metadataKey: "learner"] = "dev.sharma@example.com"
        handler.log(event: .init(level: .info, message: "sent summary to jyoti.sharma@example.com", metadata: nil, source: "t", file: #file, function: #function, line: #line))
        let line = try #require(lines.all.first)
        #expect(!line.contains("dev.sharma@"))
        #expect(!line.contains("jyoti.sharma@"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["msg"] == "sent summary to j***@example.com")
        #expect(object["learner"] == "d***@example.com")
        #expect(object["level"] == "info")
    }

    @Test func amqpURLPasswordNeverAppearsInTheRedactedForm() throws {
        let configuration = try ServiceConfiguration(
            serviceName: "x", defaultHTTPPort: 1, environment: ["MENTORFLOW_AMQP_URL": "amqp://mentorflow:s3cr3t@127.0.0.1:5673/%2f", "MENTORFLOW_DATA_DIR": "/tmp"])
        #expect(!configuration.amqp.redactedURL.contains("s3cr3t"))
    }
}

@Suite struct DeterministicIDTests {
    @Test func sameInputsSameIDAndPartsDoNotRunTogether() {
        let first = DeterministicID.make("sentiment", "/mentorflow/ingest", "evt-1", "feedback.scored", "")
        #expect(first == DeterministicID.make("sentiment", "/mentorflow/ingest", "evt-1", "feedback.scored", ""))
        #expect(first != DeterministicID.make("sentiment", "/mentorflow/ingest", "evt-2", "feedback.scored", ""))
        #expect(DeterministicID.make("ab", "c") != DeterministicID.make("a", "bc"))
        #expect(first.count == 36)
        #expect(Array(first)[14] == "5", "a version-5 UUID")
    }
}

final class LineSink: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

import Synchronization
