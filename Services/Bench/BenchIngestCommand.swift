import AMQP
import ArgumentParser
import CLISupport
import Codec
import Foundation
import IngestCore
import Logging
import Model
import ServiceKit
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `mentorflow-bench ingest`: how fast sessions get in. Prints (1) the confirmed-publish
/// baseline of the async AMQP layer, (2) the CSV import pipeline (parse, validate, map to events,
/// publish with confirms) on a generated file, with rows/s, events/s, its ratio to the baseline
/// and peak memory, and (3) with a running `mentorflow-ingest`, HTTP events/s at a few
/// concurrencies and the same file imported over HTTP.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest throughput: CSV import pipeline and HTTP events/s, against the confirmed-publish baseline.")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Rows in the generated session export.") var rows = 1_000_000
    @Option(help: "Messages for the confirmed-publish baseline.") var baseline = 100_000
    @Option(help: "Ingest API to measure over HTTP (skipped when it does not answer).") var ingestURL = ProcessInfo.processInfo.environment["MENTORFLOW_INGEST_URL"] ?? "http://127.0.0.1:8081"
    @Option(help: "API key for the HTTP part (default: $MENTORFLOW_API_KEY).") var apiKey: String?
    @Option(help: "Events posted per HTTP concurrency level.") var httpEvents = 5_000
    @Option(help: "Events exchange (default: $MENTORFLOW_EVENTS_EXCHANGE or mentorflow.events).") var exchange: String?

    func run() async throws {
        let exchange = exchange ?? ProcessInfo.processInfo.environment["MENTORFLOW_EVENTS_EXCHANGE"] ?? Topology.eventsExchange
        try await broker.withConnection { connection in
            // A sink bound to every event, so the benchmark's publishes are routable; it drops its
            // oldest messages past 200k and is deleted at the end.
            try await connection.declare(ServiceQueues.exchanges(events: exchange) + AMQPTopology(
                queues: [.init(name: "bench.ingest.sink", durable: true, arguments: [
                    "x-max-length": 200_000, "x-overflow": "drop-head", "x-queue-type": "classic",
                ])],
                bindings: [.init(queue: "bench.ingest.sink", exchange: exchange, routingKey: "#")]))
            let publisher = AMQPEventPublisher(connection: connection, exchange: exchange, timeout: .seconds(60))

            let baselineRate = try await confirmedPublishBaseline(publisher)
            print("confirmed publish baseline (async layer, 4 batches of 500 in flight, ~600-byte events): \(Self.grouped(baselineRate)) msgs/s")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("mentorflow-bench-\(rows).csv")
            try Self.generate(rows: rows, to: file)
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            let rssBefore = Self.peakRSSMegabytes()
            let started = ContinuousClock.now
            let report = try await CSVImport(publisher: publisher).run(try FileChunks(path: file.path))
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            let eventsRate = Double(report.eventsPublished) / seconds
            print("""
                CSV import pipeline, \(Self.grouped(Double(rows))) rows (\(size / 1_048_576) MiB): \(String(format: "%.1f", seconds)) s, \
                \(Self.grouped(Double(report.rowsRead) / seconds)) rows/s, \(Self.grouped(eventsRate)) events/s confirmed \
                = \(String(format: "%.2f", eventsRate / baselineRate)) of the baseline; \
                peak RSS \(rssBefore) MiB before, \(Self.peakRSSMegabytes()) MiB after
                """)
            try await http(file: file, rows: rows)
            try? FileManager.default.removeItem(at: file)
            try await connection.deleteQueue("bench.ingest.sink")
        }
    }

    private func confirmedPublishBaseline(_ publisher: AMQPEventPublisher) async throws -> Double {
        let event = CloudEvent(id: "bench", source: "/bench", time: Date(), data: .feedbackSubmitted(FeedbackSubmitted(
            sessionID: "S-000001", learnerID: "L-0106",
            feedback: Feedback(rating: 4, comment: String(repeating: "Clear explanation of linked lists, good pace. ", count: 8)))))
        // Four batches of 500 in flight, like the import, so the two figures compare like with like.
        let batches = max(1, baseline / 500)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<batches {
                if index >= 4 { try await group.next() }
                group.addTask { try await publisher.publish(Array(repeating: event, count: 500)) }
            }
            try await group.waitForAll()
        }
        return Double(batches * 500) / ((ContinuousClock.now - started) / .seconds(1))
    }

    private func http(file: URL, rows: Int) async throws {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["MENTORFLOW_API_KEY"], !key.isEmpty else {
            print("HTTP: skipped (no --api-key / MENTORFLOW_API_KEY)")
            return
        }
        guard let ready = try? await URLSession.shared.data(from: URL(string: ingestURL + "/health/ready")!),
              (ready.1 as? HTTPURLResponse)?.statusCode == 200 else {
            print("HTTP: skipped (no ready mentorflow-ingest at \(ingestURL))")
            return
        }
        for concurrency in [1, 8, 32] {
            let started = ContinuousClock.now
            let perWorker = httpEvents / concurrency
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for index in 0..<perWorker {
                            let event = CloudEvent(id: "bench-\(worker)-\(index)-\(UUID())", source: "/bench", time: Date(), data: .feedbackSubmitted(
                                FeedbackSubmitted(sessionID: "S-1", learnerID: "L-1", feedback: Feedback(rating: 4, comment: "good session"))))
                            var request = URLRequest(url: URL(string: ingestURL + "/v1/events")!)
                            request.httpMethod = "POST"
                            request.setValue(EventCodec.contentType, forHTTPHeaderField: "Content-Type")
                            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
                            let (_, response) = try await URLSession.shared.upload(for: request, from: EventCodec.encode(event))
                            guard (response as? HTTPURLResponse)?.statusCode == 202 else { throw ValidationError("ingest answered \(String(describing: (response as? HTTPURLResponse)?.statusCode))") }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rate = Double(perWorker * concurrency) / ((ContinuousClock.now - started) / .seconds(1))
            print("HTTP POST /v1/events, one event per request, concurrency \(concurrency): \(Self.grouped(rate)) events/s confirmed")
        }
        var request = URLRequest(url: URL(string: ingestURL + "/v1/imports")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 3_600
        request.setValue("text/csv", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        let started = ContinuousClock.now
        let (_, response) = try await URLSession.shared.upload(for: request, fromFile: file)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        print("HTTP POST /v1/imports of the same file: status \((response as? HTTPURLResponse)?.statusCode ?? 0), \(Self.grouped(Double(rows) / seconds)) rows/s")
    }

    /// A valid export with a realistic mix of statuses and comments.
    static func generate(rows: Int, to file: URL) throws {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var buffer = "session_id,program,batch,mentor_id,mentor_name,pm_cluster,learner_id,learner_name,learner_email,session_type,scheduled_at,scheduled_duration_min,actual_duration_min,status,learner_attended,mentor_prep,rating,feedback,follow_up_scheduled\n"
        let statuses = ["Completed", "Completed", "Completed", "No-Show", "Cancelled", "Rescheduled"]
        let comments = ["\"Clear explanation, good pace, shared notes.\"", "", "\"Mentor joined 15 minutes late, audio kept cutting\"", "\"Mock interview was tough, exactly what I needed\""]
        for index in 0..<rows {
            let status = statuses[index % statuses.count]
            let actual = status == "Completed" ? "\(40 + index % 30)" : ""
            let rating = status == "Completed" && index % 5 != 0 ? "\(1 + index % 5)" : ""
            buffer += "S-\(index),Software Development,SD-Mar25,M-\(index % 40),Mentor \(index % 40),cluster-\(index % 4),L-\(index % 900),Learner \(index % 900),learner\(index % 900)@example.com,Mock Interview,2025-05-19T21:30:00+05:30,60,\(actual),\(status),\(status == "No-Show" ? "No" : "Yes"),\(["Yes", "Partial", "No"][index % 3]),\(rating),\(comments[index % comments.count]),\(index % 2 == 0 ? "Yes" : "No")\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// VmHWM: the most resident memory this process has had.
    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
        return kilobytes / 1024
    }

    static func grouped(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value)) ?? "\(Int(value))"
    }
}
