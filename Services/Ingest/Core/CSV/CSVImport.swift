import Codec
import EventHandling
import Foundation

/// The result of importing a session export, as the API returns it and the CLI prints it.
public struct ImportReport: Sendable, Codable, Equatable {
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    public var eventsPublished = 0
    /// Rejected rows (and file-level problems), by line and column; at most `maxListed`.
    public var errors: [RowProblem] = []
    /// Accepted rows with something odd about them; at most `maxListed`.
    public var warnings: [RowProblem] = []
    /// Problems beyond the listed ones (a 1 GB file of garbage must not produce a 1 GB report).
    public var errorsNotListed = 0
    public var warningsNotListed = 0

    public static let maxListed = 1_000

    enum CodingKeys: String, CodingKey {
        case rowsRead = "rows_read", rowsAccepted = "rows_accepted", rowsRejected = "rows_rejected"
        case eventsPublished = "events_published", errors, warnings
        case errorsNotListed = "errors_not_listed", warningsNotListed = "warnings_not_listed"
    }

    public init() {}

    mutating func record(error: RowProblem) {
        if errors.count < Self.maxListed { errors.append(error) } else { errorsNotListed += 1 }
    }

    mutating func record(warning: RowProblem) {
        if warnings.count < Self.maxListed { warnings.append(warning) } else { warningsNotListed += 1 }
    }
}

/// Why an import stopped before the end of the file.
public enum ImportFailure: Error, Sendable {
    /// The header is unusable (missing/unknown column, wrong delimiter): nothing was published.
    case rejectedFile(CSVParser.Problem)
    /// The broker did not confirm a batch; the report says what was confirmed before.
    /// Importing the file again is safe: event ids are derived from the rows.
    case publishFailed(ImportReport, any Error)
}

/// Streams a session export into events: parse → map rows → publish in confirmed batches, a few
/// batches in flight at once so parsing overlaps the broker's confirms. Memory stays flat
/// whatever the file size: only the current chunk, a few batches and the report are held.
public struct CSVImport: Sendable {
    public let publisher: any EventPublisher
    public let batchSize: Int
    public let batchesInFlight: Int

    public init(publisher: any EventPublisher, batchSize: Int = 500, batchesInFlight: Int = 4) {
        self.publisher = publisher
        self.batchSize = max(1, batchSize)
        self.batchesInFlight = max(1, batchesInFlight)
    }

    public func run<Chunks: AsyncSequence>(
        _ chunks: Chunks, progress: (@Sendable (ImportReport) -> Void)? = nil
    ) async throws -> ImportReport where Chunks.Element == [UInt8] {
        var parser = CSVParser()
        var mapper: SessionRowMapper?
        var report = ImportReport()
        var pending: [CloudEvent] = []
        var headerProblem: CSVParser.Problem?
        let publisher = publisher

        return try await withThrowingTaskGroup(of: Int.self) { group in
            var inFlight = 0
            func handle(_ outputs: [CSVParser.Output]) async throws {
                for output in outputs {
                    guard mapper != nil else {
                        switch output {
                        case .record(let record):
                            do {
                                mapper = SessionRowMapper(header: try SessionHeader(fields: record.fields, line: record.line))
                            } catch {
                                headerProblem = error
                                throw ImportFailure.rejectedFile(error)
                            }
                        case .problem(let problem):
                            headerProblem = problem
                            throw ImportFailure.rejectedFile(problem)
                        }
                        continue
                    }
                    report.rowsRead += 1
                    switch output {
                    case .problem(let problem):
                        report.rowsRejected += 1
                        report.record(error: RowProblem(line: problem.line, column: problem.column, field: nil, message: problem.message))
                    case .record(let record):
                        let row = mapper!.map(record)
                        row.warnings.forEach { report.record(warning: $0) }
                        if row.accepted {
                            report.rowsAccepted += 1
                            pending.append(contentsOf: row.events)
                        } else {
                            report.rowsRejected += 1
                            row.errors.forEach { report.record(error: $0) }
                        }
                    }
                    if pending.count >= batchSize {
                        try await send(&pending, group: &group, inFlight: &inFlight, report: &report)
                        if let progress, report.rowsRead % 10_000 < batchSize / 3 + 1 { progress(report) }
                    }
                }
            }

            func send(_ events: inout [CloudEvent], group: inout ThrowingTaskGroup<Int, any Error>, inFlight: inout Int, report: inout ImportReport) async throws {
                let batch = events
                events.removeAll(keepingCapacity: true)
                if inFlight >= batchesInFlight {
                    report.eventsPublished += try await group.next() ?? 0
                    inFlight -= 1
                }
                group.addTask {
                    try await publisher.publish(batch)
                    return batch.count
                }
                inFlight += 1
            }

            do {
                var outputs: [CSVParser.Output] = []
                for try await chunk in chunks {
                    parser.feed(chunk) { outputs.append($0) }
                    try await handle(outputs)
                    outputs.removeAll(keepingCapacity: true)
                }
                parser.finish { outputs.append($0) }
                try await handle(outputs)
                if mapper == nil, headerProblem == nil {
                    throw ImportFailure.rejectedFile(CSVParser.Problem(line: 1, column: nil, message: "the file is empty: expected a header row"))
                }
                if !pending.isEmpty { try await send(&pending, group: &group, inFlight: &inFlight, report: &report) }
                while let published = try await group.next() { report.eventsPublished += published }
            } catch let failure as ImportFailure {
                group.cancelAll()
                throw failure
            } catch {
                // Wait for the batches already handed to the broker, so the report counts them.
                group.cancelAll()
                while let published = try? await group.next() { report.eventsPublished += published }
                throw ImportFailure.publishFailed(report, error)
            }
            progress?(report)
            return report
        }
    }
}
