import AMQP
import Codec
import Foundation
import Model
import ServiceKit
import Synchronization
import TestSupport

/// A service executable run as a process against the test broker, with a probe on what it
/// publishes: the one way a test runs a service.
///
/// `start` gives the service its own exchange, data folder and a kernel-picked HTTP port
/// (`TestBroker.serviceEnvironment`), waits until it is ready (throwing with its output if it
/// never is), and binds a probe queue to the event types the test observes. Tests then
/// `publish` events, take the `next` one of a type, check `nothingMore`, read `metrics` and
/// `stop` it. Nothing outlives the harness: the process is killed when it goes away (a failed
/// `#require` included) and the probe connection is closed by `stop` or, failing that, on deinit.
///
/// It lives here rather than in TestSupport so that TestSupport's users (codec, AMQP, analysis
/// tests) do not link ServiceKit; every suite that runs a service already links both.
public final class ServiceHarness: @unchecked Sendable {
    // @unchecked: `process` is replaced only by `restart`, which a test calls from its own task;
    // the events kept for later calls sit behind a Mutex.

    /// The service as run: `MENTORFLOW_<SERVICE>_NAME` and the queues derive from this.
    public let name: String
    public let exchange: String
    public let environment: [String: String]
    public let executable: String
    /// The probe's own connection, for what the harness does not wrap (a raw queue read).
    public let connection: AMQPConnection
    /// The probe queue, bound to the observed event types on `exchange`.
    public let probeQueue: String
    public private(set) var process: ServiceProcess
    private let kept = Mutex<[CloudEvent]>([])
    private let closed = Mutex(false)

    /// The service never answered ready: its exit status (if it ended) and its output.
    public struct NeverReady: Error, CustomStringConvertible {
        public let executable: String
        public let output: String
        public var description: String { "\(executable) never became ready:\n\(output)" }
    }

    private init(name: String, exchange: String, environment: [String: String], executable: String, connection: AMQPConnection, probeQueue: String, process: ServiceProcess) {
        self.name = name
        self.exchange = exchange
        self.environment = environment
        self.executable = executable
        self.connection = connection
        self.probeQueue = probeQueue
        self.process = process
    }

    deinit {
        if process.process.isRunning { process.signal(SIGKILL) }
        if !closed.withLock({ $0 }) {
            let connection = connection
            Task { await connection.close() }
        }
    }

    /// The environment `start` gives a service named `name`: the test broker, its own exchange,
    /// dead-letter exchange, data folder and port 0, plus `extra`. For tests that expect a
    /// service to refuse to start (`exitStatus`), or that adjust it before `start`.
    public static func environment(name: String, exchange: String = TestBroker.uniqueName("events"), extra: [String: String] = [:]) throws -> [String: String] {
        try TestBroker.serviceEnvironment(name: name, exchange: exchange, extra: extra)
    }

    /// A fresh service name with `prefix` (`summary-1a2b3c`), unique on the shared broker.
    public static func uniqueServiceName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(6).lowercased())"
    }

    /// Starts `executable` and waits until it is ready, with a probe queue bound to `observing`.
    /// `environment` defaults to `environment(name:exchange:extra:)`; pass one to run a service on
    /// a folder or exchanges the test prepared. Its `MENTORFLOW_EVENTS_EXCHANGE` is the exchange.
    /// `broker` points the probe at another broker than the test broker (a private one the test
    /// stops and restarts; give the service its URL in `extra`), `reconnect` how fast it comes back.
    public static func start(
        _ executable: String, name: String, environment: [String: String]? = nil, extra: [String: String] = [:],
        observing types: [EventType] = [], broker: AMQPConfiguration? = nil, reconnect: ReconnectPolicy = .default
    ) async throws -> ServiceHarness {
        let environment = try environment ?? Self.environment(name: name, extra: extra)
        let exchange = environment["MENTORFLOW_EVENTS_EXCHANGE"] ?? Topology.eventsExchange
        var configuration = try broker ?? TestBroker.configuration(name: name)
        configuration.connectionName = "test-probe-\(name)"
        let process = try ServiceProcess(executable: executable, environment: environment)
        let connection = AMQPConnection(configuration: configuration, logger: TestBroker.logger, reconnectPolicy: reconnect)
        let harness = ServiceHarness(
            name: name, exchange: exchange, environment: environment, executable: executable, connection: connection,
            probeQueue: TestBroker.uniqueName("probe-\(name)"), process: process)
        try await harness.waitUntilReady()
        try await connection.waitUntilConnected()
        // The exchange as services declare it (a publisher-only service may not have yet).
        try await connection.declare(AMQPTopology(
            exchanges: [.init(name: exchange, kind: .topic)], queues: [.init(name: harness.probeQueue, kind: .classic)],
            bindings: types.map { AMQPTopology.Binding(queue: harness.probeQueue, exchange: exchange, routingKey: $0.rawValue) }))
        return harness
    }

    /// Runs `executable` with `environment` until it exits (it is expected to refuse to start) and
    /// returns its status and output; a service still running after `timeout` is killed (-1).
    public static func exitStatus(
        _ executable: String, environment: [String: String], timeout: Duration = .seconds(30)
    ) async throws -> (status: Int32, output: String) {
        let process = try ServiceProcess(executable: executable, environment: environment)
        let status = await process.waitForExit(timeout: timeout)
        return (status, process.output)
    }

    private func waitUntilReady() async throws {
        guard await process.waitUntilReady() else { throw NeverReady(executable: executable, output: process.output) }
    }

    /// Everything the service wrote so far (for failure messages).
    public var output: String { process.output }

    /// `http://127.0.0.1:<port>` of the running service.
    public var baseURL: String { process.baseURL }

    // MARK: In

    /// Publishes `events` to the service's exchange, as a producer would (confirmed).
    public func publish(_ events: [CloudEvent]) async throws {
        try await AMQPEventPublisher(connection: connection, exchange: exchange).publish(events)
    }

    /// Publishes raw bytes under `routingKey` (mandatory: throws `unroutable` if no queue takes
    /// it), for what no CloudEvent can express: an undecodable message.
    public func publishRaw(routingKey: String, body: [UInt8], messageID: String? = nil) async throws {
        try await connection.publish(AMQPOutgoingMessage(
            exchange: exchange, routingKey: routingKey, body: body, properties: AMQPProperties(messageID: messageID)))
    }

    // MARK: Out

    /// The next observed event of `type` (acked), or nil after `timeout`. Events of other types
    /// met on the way are kept, in order, for later calls.
    public func next(of type: EventType, timeout: Duration = .seconds(30)) async throws -> CloudEvent? {
        try await next(timeout: timeout) { $0.eventType == type }
    }

    /// The next observed event of any type (acked), or nil after `timeout`.
    public func next(timeout: Duration = .seconds(30)) async throws -> CloudEvent? {
        try await next(timeout: timeout) { _ in true }
    }

    private func next(timeout: Duration, where matches: (CloudEvent) -> Bool) async throws -> CloudEvent? {
        let earlier = kept.withLock { events -> CloudEvent? in
            guard let index = events.firstIndex(where: matches) else { return nil }
            return events.remove(at: index)
        }
        if let earlier { return earlier }
        let deadline = ContinuousClock.now + timeout
        while true {
            if let event = try await take() {
                if matches(event) { return event }
                kept.withLock { $0.append(event) }
                continue
            }
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every observed event that arrives within `window` (those kept from earlier calls first):
    /// empty when the service published nothing more. A zero window reads what is there now.
    public func nothingMore(within window: Duration = .zero) async throws -> [CloudEvent] {
        var events = takeKept()
        let deadline = ContinuousClock.now + window
        while true {
            if let event = try await take() {
                events.append(event)
                continue
            }
            guard ContinuousClock.now < deadline else { return events }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every observed event (those kept from earlier calls first), consumed with a prefetch window
    /// (for thousands) until at least `count` arrived and the queue stayed quiet for a moment, or
    /// `timeout` passed. The consumer survives broker restarts. The timeout is generous on purpose:
    /// it costs time only when a test fails.
    public func collect(atLeast count: Int = 0, timeout: Duration = .seconds(120)) async throws -> [CloudEvent] {
        let deliveries = try await connection.consume(queue: probeQueue, prefetch: 500)
        let collected = Mutex<[CloudEvent]>(takeKept())
        let reader = Task {
            for try await delivery in deliveries {
                if let event = try? EventCodec.decode(Data(delivery.body)).get() { collected.withLock { $0.append(event) } }
                delivery.ack()
            }
        }
        let deadline = ContinuousClock.now + timeout
        var last = -1
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            let now = collected.withLock { $0.count }
            if now >= count, now == last { break }
            last = now
        }
        await connection.cancelConsumers()
        _ = await reader.result
        return collected.withLock { $0 }
    }

    /// The events kept by `next(of:)` for later calls, handed over and forgotten.
    private func takeKept() -> [CloudEvent] {
        kept.withLock { stored in
            let events = stored
            stored = []
            return events
        }
    }

    /// One message from the probe queue, acked and decoded.
    private func take() async throws -> CloudEvent? {
        guard let delivery = try await connection.get(queue: probeQueue) else { return nil }
        delivery.ack()
        return try EventCodec.decode(Data(delivery.body)).get()
    }

    /// The next message in the service's dead-letter queue (`<name>.events.dlq`), acked.
    public func nextDeadLetter(timeout: Duration = .seconds(30)) async throws -> AMQPDelivery? {
        let delivery = try await waitForMessage(on: connection, queue: "\(name).events.dlq", timeout: timeout)
        delivery?.ack()
        return delivery
    }

    // MARK: Observation

    /// The service's `/metrics` text (nil if it did not answer).
    public func metrics() async -> String? {
        await HTTPProbe.get(process.baseURL + "/metrics")?.body
    }

    /// Waits until the service's metrics count at least `count` handled events of `type` (true),
    /// or `timeout` passes (false).
    public func waitUntilHandled(_ type: EventType, count: Int, timeout: Duration = .seconds(30)) async throws -> Bool {
        let until = ContinuousClock.now + timeout
        let prefix = #"mentorflow_events_total{"#
        while ContinuousClock.now < until {
            if let body = await metrics() {
                let handled = body.split(separator: "\n").first {
                    $0.hasPrefix(prefix) && $0.contains(#"type="\#(type.rawValue)",outcome="handled""#)
                }
                if let handled, let value = handled.split(separator: " ").last.flatMap({ Double($0) }), value >= Double(count) { return true }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    // MARK: Lifecycle

    /// Sends SIGTERM and returns the exit status (the process is killed after `timeout`: -1).
    /// The probe stays open, so a test may `restart` and go on observing.
    public func stop(timeout: Duration = .seconds(60)) async -> Int32 {
        process.signal(SIGTERM)
        return await process.waitForExit(timeout: timeout)
    }

    /// Starts the service again with the same environment (same data folder, queues and port 0),
    /// after `stop`, and waits until it is ready.
    public func restart() async throws {
        if process.process.isRunning { _ = await stop() }
        process = try ServiceProcess(executable: executable, environment: environment)
        try await waitUntilReady()
    }

    /// Closes the probe connection: the last call of a test (deinit does it otherwise).
    public func close() async {
        if process.process.isRunning { process.signal(SIGKILL) }
        closed.withLock { $0 = true }
        await connection.close()
    }
}
