import AMQP
import Foundation
import Logging

/// The real RabbitMQ the tests talk to. `deploy/test.sh` starts a private broker on loopback
/// and exports `MENTORFLOW_AMQP_URL`; broker tests fail (they do not skip) without it.
public enum TestBroker {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "MENTORFLOW_AMQP_URL is not set: run the tests with deploy/test.sh, which starts a private broker"
        }
    }

    public static func configuration(name: String = #function) throws -> AMQPConfiguration {
        guard let url = ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"] else { throw NotConfigured() }
        var configuration = try AMQPConfiguration(url: url)
        configuration.connectionName = "test-\(name)"
        configuration.connectTimeout = .seconds(3)
        return configuration
    }

    /// The environment of a service executable run by a test: the test broker, and a data folder,
    /// exchanges and an HTTP port of its own (port 0: the kernel picks one, `ServiceProcess` reads
    /// it from the service's log), so service tests run side by side on one broker.
    /// `extra` adds or overrides (the service's own name variable, tuning).
    public static func serviceEnvironment(name: String, exchange: String, extra: [String: String] = [:]) throws -> [String: String] {
        guard let url = ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"] else { throw NotConfigured() }
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(name)")
        return [
            "MENTORFLOW_AMQP_URL": url, "MENTORFLOW_DATA_DIR": dataDirectory.path, "MENTORFLOW_HTTP_PORT": "0",
            "MENTORFLOW_EVENTS_EXCHANGE": exchange, "MENTORFLOW_DEAD_LETTER_EXCHANGE": uniqueName("dlx"),
            "LOG_LEVEL": "info", "PATH": "/usr/bin:/bin",
        ].merging(extra) { $1 }
    }

    /// A name no other test (or earlier run) uses, so tests can run in parallel on one broker.
    public static func uniqueName(_ prefix: String) -> String {
        "test.\(prefix).\(UUID().uuidString.prefix(8).lowercased())"
    }

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    /// The repository root, found from this file's path (Tests/TestSupport/TestBroker.swift).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// A broker of a test's own (its own port and folder), for tests that stop and restart it
/// without disturbing the tests that share the main one.
public struct PrivateBroker: Sendable {
    public let port: Int
    public let runDirectory: URL
    /// A TLS listener as well, on this port, with a CA in `tlsCAFile`.
    public let tlsPort: Int?

    /// A node on the test broker's port + `portOffset`, in `<test run dir>/private/<name>-<port>`
    /// (deploy/test.sh stops every node there when the run ends, even after a crash).
    public init(portOffset: Int, name: String, tlsPortOffset: Int? = nil) {
        let environment = ProcessInfo.processInfo.environment
        let basePort = environment["MENTORFLOW_AMQP_PORT"].flatMap(Int.init) ?? 5673
        port = basePort + portOffset
        tlsPort = tlsPortOffset.map { basePort + $0 }
        let base = environment["MENTORFLOW_RUN_DIR"].map { URL(fileURLWithPath: $0) }
            ?? TestBroker.repositoryRoot.appendingPathComponent(".run/test")
        runDirectory = base.appendingPathComponent("private/\(name)-\(port)")
    }

    /// Starts the node (idempotent) and returns its URL.
    @discardableResult
    public func start() throws -> AMQPConfiguration {
        try run("start.sh")
        var configuration = try AMQPConfiguration(url: url())
        configuration.heartbeatSeconds = 2
        configuration.connectTimeout = .seconds(2)
        return configuration
    }

    /// The node's URL (with its password), as services get it in `MENTORFLOW_AMQP_URL`.
    public func url() throws -> String {
        let envFile = runDirectory.appendingPathComponent("broker/env")
        let text = try String(contentsOf: envFile, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MENTORFLOW_AMQP_URL=") }) else {
            throw ScriptFailed(description: "no MENTORFLOW_AMQP_URL in \(envFile.path)")
        }
        return String(line.dropFirst("MENTORFLOW_AMQP_URL=".count))
    }

    public var tlsCAFile: URL { runDirectory.appendingPathComponent("broker/tls/ca.pem") }

    public func stop() throws {
        try run("stop.sh")
    }

    public struct ScriptFailed: Error, CustomStringConvertible {
        public let description: String
    }

    private func run(_ script: String) throws {
        let process = Process()
        process.executableURL = TestBroker.repositoryRoot.appendingPathComponent("deploy/broker/\(script)")
        var environment = ProcessInfo.processInfo.environment
        environment["MENTORFLOW_AMQP_PORT"] = String(port)
        environment["MENTORFLOW_RUN_DIR"] = runDirectory.path
        environment.removeValue(forKey: "MENTORFLOW_AMQP_PASSWORD")
        environment["MENTORFLOW_AMQP_TLS_PORT"] = tlsPort.map(String.init)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(description: "\(script) exited \(process.terminationStatus): \(String(decoding: data, as: UTF8.self))")
        }
    }
}

/// The next message in `queue` (fetched with basic.get, unacknowledged), waiting up to `timeout`.
/// The default is generous on purpose: it costs time only when a test fails, and CI starts every
/// suite at once on 2 cores while private brokers, service processes and a browser boot.
public func waitForMessage(on connection: AMQPConnection, queue: String, timeout: Duration = .seconds(30)) async throws -> AMQPDelivery? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let delivery = try await connection.get(queue: queue) { return delivery }
        try await Task.sleep(for: .milliseconds(50))
    }
    return nil
}
