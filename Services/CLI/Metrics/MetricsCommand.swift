import ArgumentParser
import CLISupport
import Foundation
import InsightsCore
import SentimentAnalysis

/// `mentorflow metrics --csv FILE [--json]`: the program snapshot of a session export, offline,
/// through the insights service's own path (ingest's row mapper → the sentiment analyser →
/// the read model → `ProgramMetrics`), so its figures are the dashboard's.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Program metrics of a session export (CSV), as a table or as JSON.",
        discussion: """
            The JSON uses the key names and shapes of sessions_sample.truth.json for every figure that file holds \
            (total, counts, completion_rate, ..., per_mentor, per_cluster, per_session_type, negative_feedback_ids, \
            feedback_sentiment_counts, feedback_sentiment_labels), plus avg_rating_by_sentiment, flag_counts and weekly. \
            Rows the importer would refuse are left out and reported on standard error (exit status 1).
            """
    )

    @Option(help: "The session export (CSV with the program's columns).") var csv: String
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "A folder of extra sentiment lexicon *.tsv files.") var lexiconDir: String?

    func run() throws {
        let analyzer = try SentimentAnalyzer.commandLine(lexiconDir: lexiconDir)
        let store = try InsightsStore(path: nil)
        let report: CSVSessionLoader.Report
        do {
            report = try CSVSessionLoader(analyzer: analyzer).load(file: URL(fileURLWithPath: csv), into: store)
        } catch let error as CSVLoadError {
            throw CommandFailure(error.description)
        }
        let metrics = ProgramMetrics(records: try store.records())
        if json {
            FileHandle.standardOutput.write(try metrics.jsonData())
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(MetricsTable(metrics: metrics).render())
        }
        for problem in report.errors.prefix(20) {
            FileHandle.standardError.write(Data("rejected: \(problem)\n".utf8))
        }
        if !report.errors.isEmpty {
            FileHandle.standardError.write(Data("\(report.errors.count) of \(report.rowsRead) rows rejected\n".utf8))
            throw ExitCode(1)
        }
    }
}
