import ArgumentParser
import CLISupport
import Codec
import Foundation
import InsightsCore
import SentimentAnalysis
import GRDB
import ServiceKit
import SQLiteStorage

/// `mentorflow-bench insights`: how fast the read model takes events (one transaction per event
/// on a SQLite file, as the service applies them; and one bulk transaction, as `mentorflow
/// metrics` does) and answers the dashboard's queries, on a generated export.
struct BenchInsightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Read model throughput: events applied per second, query and metrics latency (build with -c release).")

    @Option(help: "Rows of the generated export (each gives 2-4 events plus a score).") var rows = 5_000
    @Option(help: "A folder of extra sentiment lexicon *.tsv files.") var lexiconDir: String?
    @Option(help: "Events applied through the service's write path (before and after batching).") var serviceEvents = 5_000
    @Option(help: "Deliveries per transaction in the batched service path.") var batchSize = 64

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mf-bench-insights-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = try Self.generatedEvents(rows: rows, lexiconDir: lexiconDir, in: folder)
        print("\(rows) rows → \(events.count) events (ingest's row events plus feedback.scored)")

        let file = try InsightsStore(path: folder.appendingPathComponent("insights.sqlite").path)
        let perEvent = try Self.time { for event in events { try file.apply(event) } }
        print(String(format: "apply, one transaction per event (SQLite file, WAL): %.0f events/s (%.0f µs each)", Double(events.count) / perEvent, perEvent / Double(events.count) * 1e6))

        // The service's write path, durable (synchronous=FULL), before and after issue 10 point 7:
        // one transaction per event plus its mark in a separate inbox file, against batches of
        // deliveries applied with their inbox marks in one transaction.
        let service = Array(events.prefix(serviceEvents))
        let perDelivery = try InsightsStore(path: folder.appendingPathComponent("per-delivery.sqlite").path)
        // The consume loop's inbox file, durable as `Inbox` opens it.
        let inbox = try DurableDatabase.queue(path: folder.appendingPathComponent("per-delivery.inbox.sqlite").path)
        try inbox.write { db in try InboxTable.create(in: db) }
        let oneByOne = try Self.time {
            for event in service {
                try perDelivery.apply(event)
                try inbox.write { db in try InboxTable.markProcessed(source: event.source, id: event.id, type: event.eventType.rawValue, in: db) }
            }
        }
        let oneByOneRate = Double(service.count) / oneByOne
        print(String(format: "service path before: apply + inbox mark, two durable commits per event: %.0f events/s", oneByOneRate))
        let batched = try InsightsStore(path: folder.appendingPathComponent("batched.sqlite").path)
        let inBatches = try Self.time {
            for start in stride(from: 0, to: service.count, by: batchSize) {
                _ = try batched.write(.apply(deliveries: Array(service[start..<min(start + batchSize, service.count)])))
            }
        }
        let batchedRate = Double(service.count) / inBatches
        print(String(format: "service path after: apply(deliveries:) of %d with their inbox marks, one durable commit per batch: %.0f events/s (%.2f× before)", batchSize, batchedRate, batchedRate / oneByOneRate))

        let single = try InsightsStore(path: nil)
        let perEventMemory = try Self.time { for event in events { try single.apply(event) } }
        print(String(format: "apply, one transaction per event (in memory, no fsync): %.0f events/s (%.0f µs each)", Double(events.count) / perEventMemory, perEventMemory / Double(events.count) * 1e6))

        let memory = try InsightsStore(path: nil)
        let bulk = try Self.time { try memory.apply(batch: events) }
        print(String(format: "apply(batch:), one transaction (in memory): %.0f events/s", Double(events.count) / bulk))

        var page = SessionPage(total: 0, items: [])
        let query = try Self.time { page = try file.sessions(matching: SessionFilter(pmClusters: ["cluster-1"], flagLevel: .red), limit: 50) }
        print(String(format: "sessions(matching: cluster + red, limit 50): %.2f ms (%d of %d match)", query * 1000, page.items.count, page.total))
        var records: [SessionRecord] = []
        let load = try Self.time { records = try file.records() }
        let metrics = try Self.time { _ = ProgramMetrics(records: records) }
        print(String(format: "records() of %d sessions: %.1f ms; ProgramMetrics over them: %.1f ms", records.count, load * 1000, metrics * 1000))
    }

    static func time(_ work: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try work()
        return (ContinuousClock.now - start) / .seconds(1)
    }
}

extension BenchInsightsCommand {
    /// The events of a generated export of `rows` sessions (ingest's row events plus
    /// `feedback.scored`), written and read in `folder`: what both insights benchmarks load.
    static func generatedEvents(rows: Int, lexiconDir: String?, in folder: URL) throws -> [CloudEvent] {
        let csv = folder.appendingPathComponent("sessions.csv")
        try BenchIngestCommand.generate(rows: rows, to: csv)
        let loader = CSVSessionLoader(analyzer: try SentimentAnalyzer.commandLine(lexiconDir: lexiconDir))
        return try loader.events(file: csv).0
    }
}
