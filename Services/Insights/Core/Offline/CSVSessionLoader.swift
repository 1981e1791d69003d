import Codec
import EventHandling
import Foundation
import IngestCore
import Model
import SentimentAnalysis

/// Loads a session export into an `InsightsStore` the way the running system would: each row
/// becomes ingest's events (`SessionRowMapper`), each comment is scored by the sentiment
/// analyser into the `feedback.scored` the sentiment service would publish, and everything is
/// applied to the store. `mentorflow metrics` and the metrics tests go through here, so the
/// offline figures are the service's figures.
public struct CSVSessionLoader: Sendable {
    public let analyzer: SentimentAnalyzer

    /// Stamps scores as the sentiment service's consume loop does.
    let sentiment = EventFactory(service: "sentiment")

    public init(analyzer: SentimentAnalyzer) {
        self.analyzer = analyzer
    }

    /// What was read: rows in, rows refused (with line, column, field and reason).
    public struct Report: Sendable, Equatable {
        public var rowsRead = 0
        public var rowsAccepted = 0
        public var errors: [RowProblem] = []
        public var warnings: [RowProblem] = []
        public var events = 0
    }

    /// Reads `file` into `store`; throws only when the file cannot be read or its header is unusable.
    public func load(file: URL, into store: InsightsStore) throws -> Report {
        let (events, report) = try events(file: file)
        try store.apply(batch: events)
        return report
    }

    /// The events the system would see for `file`: ingest's per row, each feedback followed by its score.
    public func events(file: URL) throws(CSVLoadError) -> ([CloudEvent], Report) {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw CSVLoadError(file: file.path, message: "cannot read: \(error.localizedDescription)")
        }
        var parser = CSVParser()
        var outputs: [CSVParser.Output] = []
        parser.feed(data) { outputs.append($0) }
        parser.finish { outputs.append($0) }
        guard let first = outputs.first else { throw CSVLoadError(file: file.path, message: "the file is empty: expected a header row") }
        var mapper: SessionRowMapper
        switch first {
        case .problem(let problem):
            throw CSVLoadError(file: file.path, message: problem.description)
        case .record(let header):
            do {
                mapper = SessionRowMapper(header: try SessionHeader(fields: header.fields, line: header.line))
            } catch {
                throw CSVLoadError(file: file.path, message: error.description)
            }
        }
        var report = Report()
        var events: [CloudEvent] = []
        for output in outputs.dropFirst() {
            report.rowsRead += 1
            switch output {
            case .problem(let problem):
                report.errors.append(RowProblem(line: problem.line, column: problem.column, field: nil, message: problem.message))
            case .record(let record):
                let row = mapper.map(record)
                report.warnings += row.warnings
                guard row.accepted else {
                    report.errors += row.errors
                    continue
                }
                report.rowsAccepted += 1
                for event in row.events {
                    events.append(event)
                    if let scored = scored(event) { events.append(scored) }
                }
            }
        }
        report.events = events.count
        return (events, report)
    }

    /// The `feedback.scored` the sentiment service publishes for a `feedback.submitted`, stamped
    /// as its consume loop stamps it (the reaction recipe of `EventFactory` named `sentiment`).
    public func scored(_ event: CloudEvent) -> CloudEvent? {
        guard case .feedbackSubmitted(let submitted) = event.data else { return nil }
        return sentiment.reaction(.feedbackScored(analyzer.score(submitted)), to: event)
    }
}

/// The export could not be read at all.
public struct CSVLoadError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}
