import AMQP
import ArgumentParser
import Foundation
import Logging

/// `mentorflow-bench amqp`: what the async AMQP layer costs, measured against plain librabbitmq
/// loops on the same broker in the same run, so the ratio holds even though absolute figures vary
/// with the machine (and by ±25 % from run to run on a shared 2-core box).
struct BenchAMQPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amqp",
        abstract: "AMQP throughput: async layer against raw librabbitmq.",
        discussion: """
            Each scenario runs as a tight loop of raw librabbitmq calls on its own thread and \
            through the async layer (AMQPConnection), on a fresh durable queue, alternating \
            which side goes first; the table shows each median and async/raw.

            publish-window-1      confirmed publish, each awaited before the next
            publish-window-large  confirmed publish, --window unconfirmed at once
            consume-prefetch-N    drain a pre-filled queue, manual ack (N = 1, 100, 500)
            end-to-end            publisher and consumer connections at once
                                  (confirm window --window, prefetch 500)

            Messages are ~600-byte persistent feedback.submitted CloudEvents. The async side \
            encodes each published event and decodes each delivered one with EventCodec, as a \
            service does; the raw side sends the same bytes pre-encoded and never decodes. \
            Queues and the exchange are named bench.* and deleted afterwards. Progress goes to \
            stderr, the table (or --json) to stdout. Exits non-zero when a scenario failed \
            (a stall, a nack, a lost or undecodable message).
            """)

    @Option(help: "Broker URL, amqp://user:pass@host:port/vhost (default: $MENTORFLOW_AMQP_URL).")
    var url: String?

    @Option(help: "Messages per measurement.")
    var messages = 20_000

    @Option(name: .customLong("window1-messages"), help: "Messages for publish-window-1, about 10× slower (default: --messages / 10, at least 500).")
    var windowOneMessages: Int?

    @Option(help: "Runs per scenario and side; the median is reported.")
    var runs = 3

    @Option(help: "Confirm window of the large-window publish and end-to-end scenarios.")
    var window = 1000

    @Option(name: .customLong("scenario"), help: "Only these scenarios (names or prefixes, repeatable or comma-separated).")
    var scenarioFilters: [String] = []

    @Option(help: "Seconds to let the broker settle after each measurement (a deleted queue of persistent messages is cleaned up in the background).")
    var pause = 1.0

    @Option(name: .customLong("queue-type"), help: "x-queue-type of the bench queues: classic or quorum.")
    var queueType: QueueType = .classic

    @Option(help: "Run only one side (raw or async), e.g. to profile it alone; no ratio then.")
    var side: BenchRunner.Side?

    @Flag(help: "Async side sends the pre-encoded body and skips decoding, to see the AMQP layer's cost without the codec's.")
    var skipCodec = false

    @Flag(help: "Print the results as JSON.")
    var json = false

    enum QueueType: String, ExpressibleByArgument, CaseIterable, Sendable {
        case classic, quorum
    }

    /// How long any loop may wait for one confirm or delivery before the scenario fails.
    static let stallTimeout: Duration = .seconds(30)

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be at least 1") }
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        guard (1...65_535).contains(window) else { throw ValidationError("--window must be within 1...65535") }
        guard pause >= 0 else { throw ValidationError("--pause must not be negative") }
        if let windowOneMessages, windowOneMessages <= 0 { throw ValidationError("--window1-messages must be at least 1") }
        _ = try BenchScenario.select(scenarioFilters)
        _ = try brokerConfiguration()
    }

    func run() async throws {
        let scenarios = try BenchScenario.select(scenarioFilters)
        var configuration = try brokerConfiguration()
        configuration.connectionName = "mentorflow-bench"
        var logger = Logger(label: "mentorflow.bench", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = .warning

        let runID = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let exchange = "bench.events.\(runID)"
        let template = SampleEvent.rawTemplate(runID: runID)
        let broker = BenchBroker(
            configuration: configuration, exchange: exchange, queueType: queueType.rawValue, routingKey: template.routingKey)
        let runner = BenchRunner(
            broker: broker,
            raw: RawScenarios(configuration: configuration, template: template, exchange: exchange, stallTimeout: Self.stallTimeout),
            asyncLayer: AsyncScenarios(
                configuration: configuration, logger: logger, exchange: exchange, runID: runID, stallTimeout: Self.stallTimeout,
                useCodec: !skipCodec, template: template),
            runID: runID, messages: messages, windowOneMessages: windowOneMessages ?? max(500, messages / 10),
            runs: runs, window: window, pause: .milliseconds(Int(pause * 1000)), sides: side.map { [$0] } ?? BenchRunner.Side.allCases)

        do {
            try await broker.declareExchange()
        } catch {
            throw BenchError("cannot prepare the broker at \(configuration.redactedURL): \(error)")
        }
        let loadBefore = Machine.loadAverage()
        // CPU only, no blocking call: fine on the cooperative pool, and nothing else runs yet.
        let codec = CodecCost.measure(runID: runID)
        let results = await runner.run(scenarios)
        let machine = Machine(cores: ProcessInfo.processInfo.activeProcessorCount, loadBefore: loadBefore, loadAfter: Machine.loadAverage())
        do {
            try await broker.deleteExchange()
        } catch {
            FileHandle.standardError.write(Data("[bench] could not delete exchange \(exchange): \(error)\n".utf8))
        }

        let report = BenchReport(
            command: reproducingCommand, broker: configuration.redactedURL, bodyBytes: template.body.count,
            eventType: "mentorflow.feedback.submitted", runs: runs, window: window, queueType: queueType.rawValue,
            codec: codec, machine: machine,
            notes: [
                "bodies are \(template.body.count)-byte feedback.submitted CloudEvents, persistent, mandatory, with a traceparent header, routed by a topic exchange",
                skipCodec
                    ? "--skip-codec: both sides send the same pre-encoded body and never decode: the ratio is the AMQP layer's alone"
                    : "async side publishes through ServiceKit's AMQPEventPublisher (EventCodec.encode per message) and decodes each delivery with EventCodec, as services do; raw side: one pre-encoded body, never decoded",
                "raw side: one OS thread per connection running plain librabbitmq calls; async side: AMQPConnection (own thread per connection) driven from Swift tasks",
                "CPU µs/msg: CPU time of this whole process (user + system) per message while the clock ran; the broker shares the same cores",
                "publish-window-1 uses \(runner.windowOneMessages) messages (--window1-messages)",
            ],
            results: results)
        print(json ? try report.json() : report.text())
        if report.failed { throw ExitCode.failure }
    }

    private func brokerConfiguration() throws -> AMQPConfiguration {
        guard let url = url ?? ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"], !url.isEmpty else {
            throw ValidationError("no broker URL: pass --url amqp://user:pass@host:port/vhost or set MENTORFLOW_AMQP_URL")
        }
        do {
            return try AMQPConfiguration(url: url)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The options that shape the figures, never the URL (it may carry a password).
    private var reproducingCommand: String {
        var parts = ["mentorflow-bench amqp", "--messages \(messages)", "--runs \(runs)"]
        if let windowOneMessages { parts.append("--window1-messages \(windowOneMessages)") }
        if window != 1000 { parts.append("--window \(window)") }
        if queueType != .classic { parts.append("--queue-type \(queueType.rawValue)") }
        for filter in scenarioFilters { parts.append("--scenario \(filter)") }
        if pause != 1.0 { parts.append("--pause \(pause)") }
        if let side { parts.append("--side \(side.rawValue)") }
        if skipCodec { parts.append("--skip-codec") }
        return parts.joined(separator: " ")
    }
}
