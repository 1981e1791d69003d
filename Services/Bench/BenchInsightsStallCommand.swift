import ArgumentParser
import CLISupport
import Codec
import Foundation
import InsightsCore
import Model
import SentimentAnalysis
import Synchronization

/// `mentorflow-bench insights-stall`: how long the consume loop waits for the store while the
/// dashboard exports every session. Loads a store file with a generated export, then applies
/// single events one after another the way the insights handler does (from a task on the
/// cooperative pool), first alone and then while `--exporters` CSV exports of every session run
/// back to back, and prints the apply latency (p50/p99/max) of both phases, for the blocking
/// store calls the service made before and the async ones it makes now, and their p99 ratio.
/// A store call that blocks a cooperative thread shows up here: with two cores the pool has two
/// threads, and two exports holding them leave the consume loop nothing to run on.
struct BenchInsightsStallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights-stall",
        abstract: "Consume-loop stall: single-event apply latency while CSV exports of the whole store run.")

    @Option(help: "Rows of the generated export loaded into the store (each gives 2-4 events plus a score).") var rows = 20_000
    @Option(help: "Single events applied per phase.") var probes = 200
    @Option(help: "CSV exports of every session running at once during the second phase.") var exporters = 2
    @Option(help: "A folder of extra sentiment lexicon *.tsv files.") var lexiconDir: String?

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mf-bench-stall-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = try BenchInsightsCommand.generatedEvents(rows: rows, lexiconDir: lexiconDir, in: folder)
        let store = try InsightsStore(path: folder.appendingPathComponent("insights.sqlite").path)
        try store.apply(batch: events)
        print("store loaded: \(rows) rows → \(events.count) events, \(try store.records().count) sessions")

        // Fresh copies (new ids) of existing events: each is a real apply with a re-fold of its session.
        var next = 0
        func probeEvents() -> [CloudEvent] {
            defer { next += probes }
            return (next..<(next + probes)).map { index in
                let original = events[(index * 7919) % events.count]
                return CloudEvent(id: "stall-probe-\(index)", source: "/bench/stall", time: original.time, data: original.data)
            }
        }
        var p99 = [StoreAccess: Double]()
        for access in StoreAccess.allCases {
            let quiet = try await Self.applyLatencies(probeEvents(), to: store, access)
            print("\(access.rawValue), apply alone:            \(Self.summary(quiet))")
            let exporting = Exports(store: store, count: exporters, access: access)
            exporting.start()
            let busy = try await Self.applyLatencies(probeEvents(), to: store, access)
            let exported = await exporting.stop()
            print("\(access.rawValue), apply during \(exporters) export(s): \(Self.summary(busy)); \(exported) exports of every session finished meanwhile")
            p99[access] = Self.percentile(busy, 0.99)
        }
        print(String(format: "stall p99 during export, async / blocking: %.4f", (p99[.async] ?? 0) / max(p99[.blocking] ?? 1, 1e-9)))
    }

    /// How the consume loop and the export reach the store: `blocking` is the code before issue
    /// 10 point 6 (synchronous GRDB calls from async code, holding a cooperative thread), `async`
    /// the code after it (`try await store.read/write`, GRDB's own threads).
    enum StoreAccess: String, CaseIterable, Sendable {
        case blocking = "blocking (before)"
        case async = "async (after)"
    }

    /// Applies each event from a new task on the cooperative pool, as the consume loop's
    /// `group.addTask { process(delivery) }` does, and returns how long each took from the task's
    /// creation to its end (seconds): waiting for a cooperative thread counts.
    static func applyLatencies(_ events: [CloudEvent], to store: InsightsStore, _ access: StoreAccess) async throws -> [Double] {
        var latencies: [Double] = []
        for event in events {
            let started = ContinuousClock.now
            _ = try await Task {
                switch access {
                case .blocking: try store.apply(event)
                case .async: try await store.write(.apply(event))
                }
            }.value
            latencies.append((ContinuousClock.now - started) / .seconds(1))
        }
        return latencies
    }

    /// The dashboard's `/v1/sessions.csv` in its essentials: every session read from the store,
    /// then one line per session.
    static func exportAll(_ store: InsightsStore, _ access: StoreAccess) async throws -> Int {
        let records = switch access {
        case .blocking: try store.records()
        case .async: try await store.read(.records())
        }
        var bytes = 0
        for record in records {
            let line = [
                record.sessionID.rawValue, record.mentorID?.rawValue ?? "", record.learnerID?.rawValue ?? "", record.state.rawValue,
                record.rating.map(String.init) ?? "", record.flag.level.rawValue, record.comment ?? "",
            ].joined(separator: ",")
            bytes += line.utf8.count + 1
        }
        return bytes
    }

    /// Exports running back to back on `count` tasks until stopped.
    final class Exports: Sendable {
        let store: InsightsStore
        let count: Int
        let access: StoreAccess
        private let stopped = Atomic<Bool>(false)
        private let tasks = Mutex<[Task<Int, Never>]>([])

        init(store: InsightsStore, count: Int, access: StoreAccess) {
            self.store = store
            self.count = count
            self.access = access
        }

        func start() {
            for _ in 0..<count {
                let task = Task { [self] in
                    var finished = 0
                    while !stopped.load(ordering: .relaxed) {
                        _ = try? await BenchInsightsStallCommand.exportAll(store, access)
                        finished += 1
                        // One request after another, as from a browser: without a suspension point a
                        // blocking export loop never lets a waiting task onto its thread at all.
                        await Task.yield()
                    }
                    return finished
                }
                tasks.withLock { $0.append(task) }
            }
        }

        func stop() async -> Int {
            stopped.store(true, ordering: .relaxed)
            var total = 0
            for task in tasks.withLock({ $0 }) { total += await task.value }
            return total
        }
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    static func summary(_ values: [Double]) -> String {
        String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d events)", percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000, (values.max() ?? 0) * 1000, values.count)
    }
}
