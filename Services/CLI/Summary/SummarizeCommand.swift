import ArgumentParser
import CLISupport
import Codec
import Foundation
import IngestCore
import InsightsCore
import Model
import SentimentAnalysis
import SummaryCore

/// `mentorflow summarize --csv FILE`: the summary service without a broker. Each row of a session
/// export becomes its lifecycle events (ingest's `SessionRowMapper`), its comment is scored by the
/// sentiment analyser (as `mentorflow-sentiment` would), and everything is folded by the same
/// `SummaryEngine` the service runs, in a SQLite store in memory, so each line is what the
/// service would publish last for that session.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Write one JSON line per session (summary, key phrases, action items) from a session export CSV.",
        discussion: """
            Output lines: {"session_id", "version", "status", "text", "key_phrases", "action_items"}. Rows that \
            ingest would reject are reported on standard error with line, column and field, and skipped; the \
            command then exits 1. Extra lexicons: --lexicon-dir or MENTORFLOW_SENTIMENT_LEXICON_DIR.
            """
    )

    @Option(help: "The session export (the ingest CSV format).") var csv: String
    @Option(help: "Where to write the JSON lines (- for standard output).") var output = "-"
    @Option(help: "A folder of extra sentiment lexicon *.tsv files.") var lexiconDir: String?

    func run() throws {
        let loader = CSVSessionLoader(analyzer: try SentimentAnalyzer.commandLine(lexiconDir: lexiconDir))
        let engine = SummaryEngine(store: try SummaryStore())
        guard let input = FileHandle(forReadingAtPath: csv) else { throw ValidationError("cannot read \(csv)") }
        let sink = try OutputFile(output)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var parser = CSVParser()
        var mapper: SessionRowMapper?
        var rejected = 0
        var written = 0

        func handle(_ output: CSVParser.Output) throws {
            guard mapper != nil else {
                switch output {
                case .record(let record):
                    do {
                        mapper = SessionRowMapper(header: try SessionHeader(fields: record.fields, line: record.line))
                    } catch {
                        throw CommandFailure("\(csv): \(error)")
                    }
                case .problem(let problem):
                    throw CommandFailure("\(csv): \(problem)")
                }
                return
            }
            switch output {
            case .problem(let problem):
                rejected += 1
                FileHandle.standardError.write(Data("\(csv): \(problem)\n".utf8))
            case .record(let record):
                let row = mapper!.map(record)
                guard row.accepted else {
                    rejected += 1
                    for error in row.errors { FileHandle.standardError.write(Data("\(csv): \(error)\n".utf8)) }
                    return
                }
                var sessionID: SessionID?
                for event in row.events {
                    sessionID = sessionID ?? event.data.sessionID
                    _ = try engine.apply(event)
                    // The feedback.scored the sentiment service would publish (same id, same scoring).
                    if let scored = loader.scored(event) { _ = try engine.apply(scored) }
                }
                if let sessionID, let summary = try engine.currentSummary(sessionID) {
                    sink.write(try encoder.encode(SummaryLine(sessionID: sessionID, summary: summary)))
                    sink.write(Data("\n".utf8))
                    written += 1
                }
            }
        }

        var outputs: [CSVParser.Output] = []
        while true {
            let chunk = input.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            parser.feed(chunk) { outputs.append($0) }
            for output in outputs { try handle(output) }
            outputs.removeAll(keepingCapacity: true)
        }
        parser.finish { outputs.append($0) }
        for output in outputs { try handle(output) }
        guard mapper != nil else { throw CommandFailure("\(csv): the file is empty: expected a header row") }
        FileHandle.standardError.write(Data("\(written) sessions summarised, \(rejected) rows rejected\n".utf8))
        if rejected > 0 { throw ExitCode(1) }
    }
}

/// One line of `mentorflow summarize`.
struct SummaryLine: Encodable {
    var sessionID: SessionID
    var summary: SessionSummary

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", version, status, text, keyPhrases = "key_phrases", actionItems = "action_items", highlights
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID.rawValue, forKey: .sessionID)
        try container.encode(summary.version, forKey: .version)
        try container.encode(summary.status.rawValue, forKey: .status)
        try container.encode(summary.text, forKey: .text)
        try container.encode(summary.keyPhrases, forKey: .keyPhrases)
        try container.encode(summary.actionItems, forKey: .actionItems)
        if !summary.highlights.isEmpty { try container.encode(summary.highlights, forKey: .highlights) }
    }
}
