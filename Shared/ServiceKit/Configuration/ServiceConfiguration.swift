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

    public enum LogFormat: String, Sendable { case json, text }

    /// Reads and validates the configuration; the error names every variable that is missing or wrong.
    public init(serviceName: String, defaultHTTPPort: Int, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        let values = try Self.merged(environment)
        var problems: [String] = []
        func required(_ key: String) -> String? {
            guard let value = values[key], !value.isEmpty else {
                problems.append("\(key) is required but not set")
                return nil
            }
            return value
        }
        func integer<T: FixedWidthInteger>(_ key: String, default fallback: T, in range: ClosedRange<T>) -> T {
            guard let text = values[key], !text.isEmpty else { return fallback }
            guard let value = T(text), range.contains(value) else {
                problems.append("\(key)=\(text) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
                return fallback
            }
            return value
        }

        self.serviceName = serviceName
        var amqp = AMQPConfiguration()
        if let url = required("MENTORFLOW_AMQP_URL") {
            do {
                amqp = try AMQPConfiguration(url: url)
            } catch {
                problems.append("MENTORFLOW_AMQP_URL: \(error)")
            }
        }
        amqp.connectionName = serviceName
        self.amqp = amqp
        dataDirectory = URL(fileURLWithPath: required("MENTORFLOW_DATA_DIR") ?? ".")
        httpHost = values["MENTORFLOW_HTTP_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        httpPort = integer("MENTORFLOW_HTTP_PORT", default: defaultHTTPPort, in: 0...65535)
        let levelText = values["LOG_LEVEL"] ?? "info"
        if let level = Logger.Level(rawValue: levelText.lowercased()) {
            logLevel = level
        } else {
            problems.append("LOG_LEVEL=\(levelText) must be one of trace, debug, info, notice, warning, error, critical")
            logLevel = .info
        }
        let formatText = values["LOG_FORMAT"] ?? "json"
        if let format = LogFormat(rawValue: formatText.lowercased()) {
            logFormat = format
        } else {
            problems.append("LOG_FORMAT=\(formatText) must be json or text")
            logFormat = .json
        }
        let kindText = values["MENTORFLOW_QUEUE_TYPE"] ?? "classic"
        if let kind = AMQPTopology.Queue.Kind(rawValue: kindText.lowercased()) {
            queueKind = kind
        } else {
            problems.append("MENTORFLOW_QUEUE_TYPE=\(kindText) must be classic or quorum")
            queueKind = .classic
        }
        prefetch = integer("MENTORFLOW_PREFETCH", default: 64, in: 1...10_000)
        concurrency = integer("MENTORFLOW_CONCURRENCY", default: 8, in: 1...1_000)
        retry = RetryPolicy(
            maxAttempts: integer("MENTORFLOW_MAX_ATTEMPTS", default: 5, in: 1...100),
            baseDelay: .milliseconds(integer("MENTORFLOW_RETRY_BASE_MS", default: 1_000, in: 1...3_600_000)))
        eventsExchange = values["MENTORFLOW_EVENTS_EXCHANGE"].flatMap { $0.isEmpty ? nil : $0 } ?? Topology.eventsExchange
        deadLetterExchange = values["MENTORFLOW_DEAD_LETTER_EXCHANGE"].flatMap { $0.isEmpty ? nil : $0 } ?? Topology.deadLetterExchange
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
    }

    /// Every setting the process sees: the `MENTORFLOW_CONFIG_FILE` values overridden by the
    /// environment. Services read their own variables (`MENTORFLOW_INSIGHTS_*` and the like) from
    /// here, so the config file works for every documented variable, not only ServiceKit's.
    public static func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> [String: String] {
        try merged(environment)
    }

    /// The optional config file's values, overridden by the environment.
    private static func merged(_ environment: [String: String]) throws(ConfigurationError) -> [String: String] {
        guard let path = environment["MENTORFLOW_CONFIG_FILE"], !path.isEmpty else { return environment }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(problems: ["MENTORFLOW_CONFIG_FILE=\(path) cannot be read: \(error.localizedDescription)"])
        }
        var values: [String: String] = [:]
        var problems: [String] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                problems.append("\(path):\(index + 1): expected KEY=VALUE")
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            values[key] = value
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return values.merging(environment) { _, fromEnvironment in fromEnvironment }
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
