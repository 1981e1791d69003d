import ArgumentParser
import CLISupport
import Foundation
import InsightsCore
import InsightsWeb
import Model
import SentimentAnalysis

/// `mentorflow report --period weekly|biweekly|monthly|quarterly [--cluster X]`: the
/// review-cadence report (what changed, top issues, mentors needing support, follow-up
/// completion) over a session export or the insights service's database.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the review-cadence report for a period (Markdown, HTML or JSON).",
        discussion: """
            Reads either a session export (--csv, through the same path as `mentorflow metrics`) or the insights \
            service's SQLite database (--database, e.g. .run/dev/data/mentorflow-insights/insights.sqlite). \
            The period ends at --ending (exclusive, a date YYYY-MM-DD in UTC); by default at midnight after the latest \
            scheduled session, but not after today, so an exported history reports its last weeks.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, html, json
    }

    @Option(help: "weekly, biweekly, monthly or quarterly.") var period: ReviewCadence
    @Option(name: .customLong("cluster"), help: "Limit to a PM cluster (repeat for several).") var clusters: [String] = []
    @Option(help: "A session export (CSV).") var csv: String?
    @Option(help: "The insights service's SQLite database.") var database: String?
    @Option(help: "End of the period (exclusive), YYYY-MM-DD, UTC.") var ending: String?
    @Option(help: "markdown, html (one self-contained file) or json.") var format: Format = .markdown
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "A folder of extra sentiment lexicon *.tsv files (with --csv).") var lexiconDir: String?

    func validate() throws {
        guard (csv == nil) != (database == nil) else {
            throw ValidationError("give exactly one of --csv FILE or --database FILE")
        }
        if let ending, ReportFormat.parseDay(ending) == nil {
            throw ValidationError("--ending '\(ending)' is not a date YYYY-MM-DD")
        }
    }

    func run() throws {
        let store: InsightsStore
        if let csv {
            store = try InsightsStore(path: nil)
            do {
                let loaded = try CSVSessionLoader(analyzer: try SentimentAnalyzer.commandLine(lexiconDir: lexiconDir))
                    .load(file: URL(fileURLWithPath: csv), into: store)
                if !loaded.errors.isEmpty {
                    FileHandle.standardError.write(Data("\(loaded.errors.count) of \(loaded.rowsRead) rows rejected (see `mentorflow metrics`); the report leaves them out\n".utf8))
                }
            } catch let error as CSVLoadError {
                throw CommandFailure(error.description)
            }
        } else {
            let path = database!
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(path): no such database") }
            store = try InsightsStore(path: path)
        }
        let scope = clusters.isEmpty ? nil : Set(clusters.map(PMClusterID.init(rawValue:)))
        let records = try store.records(matching: SessionFilter(pmClusters: scope))
        let report = PeriodReport(
            cadence: period, ending: ending.flatMap(ReportFormat.parseDay), clusters: clusters.isEmpty ? nil : clusters.sorted(), records: records,
            now: Date())
        let text: Data
        switch format {
        case .markdown: text = Data(report.markdown().utf8)
        case .html: text = Data(ReportPage.html(report, renderer: try PageRenderer()).utf8)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            text = try encoder.encode(report) + Data("\n".utf8)
        }
        if let output {
            try text.write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(text)
        }
    }
}

extension ReviewCadence: ExpressibleByArgument {}
