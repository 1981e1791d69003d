import AMQP
import Codec
import Foundation
import Logging

/// Everything a MentorFlow service reads from its environment (and the optional
/// `MENTORFLOW_CONFIG_FILE`), validated at start so a bad setting stops the service with a
/// message naming the variable. The variables, their meaning and defaults are documented in
/// one place: the Configuration section of README.md.
public struct ServiceConfiguration: Sendable {
    public var serviceName: String
    public var amqp: AMQPConfiguration
    public var dataDirectory: URL
    public var httpHost: String
    public var httpPort: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var queueKind: AMQPTopology.Queue.Kind
    public var prefetch: UInt16
    public var concurrency: Int
    public var retry: RetryPolicy
    public var eventsExchange: String
    public var deadLetterExchange: String

    public enum LogFormat: String, Sendable, CaseIterable { case json, text }

    /// Reads and validates the configuration; the error names every variable that is missing or wrong.
    public init(serviceName: String, defaultHTTPPort: Int, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        var reader = try SettingsReader.fromEnvironment(environment)
        self.init(reading: &reader, serviceName: serviceName, defaultHTTPPort: defaultHTTPPort)
        try reader.validate()
    }

    /// Reads ServiceKit's variables from `reader`, which keeps every problem (by variable name) for
    /// the caller to report together with the service's own (`ServiceMain`).
    public init(reading reader: inout SettingsReader, serviceName: String, defaultHTTPPort: Int) {
        self.serviceName = serviceName
        var amqp = AMQPConfiguration()
        if let url = reader.required("MENTORFLOW_AMQP_URL") {
            do {
                amqp = try AMQPConfiguration(url: url)
            } catch {
                reader.report("MENTORFLOW_AMQP_URL: \(error)")
            }
        }
        amqp.connectionName = serviceName
        self.amqp = amqp
        dataDirectory = URL(fileURLWithPath: reader.required("MENTORFLOW_DATA_DIR") ?? ".")
        httpHost = reader.string("MENTORFLOW_HTTP_HOST", default: "127.0.0.1")
        httpPort = reader.integer("MENTORFLOW_HTTP_PORT", default: defaultHTTPPort, in: 0...65535)
        logLevel = reader.choice("LOG_LEVEL", default: .info)
        logFormat = reader.choice("LOG_FORMAT", default: .json)
        queueKind = reader.choice("MENTORFLOW_QUEUE_TYPE", default: .classic)
        prefetch = reader.integer("MENTORFLOW_PREFETCH", default: 64, in: 1...10_000)
        concurrency = reader.integer("MENTORFLOW_CONCURRENCY", default: 8, in: 1...1_000)
        retry = RetryPolicy(
            maxAttempts: reader.integer("MENTORFLOW_MAX_ATTEMPTS", default: 5, in: 1...100),
            baseDelay: .milliseconds(reader.integer("MENTORFLOW_RETRY_BASE_MS", default: 1_000 as Int, in: 1...3_600_000)))
        eventsExchange = reader.string("MENTORFLOW_EVENTS_EXCHANGE", default: Topology.eventsExchange)
        deadLetterExchange = reader.string("MENTORFLOW_DEAD_LETTER_EXCHANGE", default: Topology.deadLetterExchange)
    }
}

/// Why a service refused to start: every bad or missing setting, by variable name.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// How a handler's transient failures are retried before the message is dead-lettered.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Delay before retry number `attempt` (1-based): base, 2×base, 4×base, … up to `maxDelay`.
    public func delay(attempt: Int) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(attempt, 1) {
            delay *= 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}
