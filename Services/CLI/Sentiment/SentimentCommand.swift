import ArgumentParser
import CLISupport
import Foundation

import SentimentAnalysis

/// `mentorflow sentiment`: the analyser without a broker. JSON Lines in, JSON Lines out (the
/// evaluator reads the output directly), or one comment with `--text`.
struct SentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Classify feedback comments (English, Hindi, Hinglish) as positive, neutral or negative.",
        discussion: """
            With --input, reads JSON Lines {"id": ..., "text": ...} from FILE (or - for stdin) and writes \
            {"id", "label", "score", "language", "aspects"} lines to --output (default stdout); --explain adds \
            "confidence" and "evidence". With --text, prints the reading of one comment.
            Extra lexicons: --lexicon-dir or MENTORFLOW_SENTIMENT_LEXICON_DIR (a folder of *.tsv files).
            """
    )

    @Option(help: "JSON Lines file of {\"id\", \"text\"}, or - for standard input.") var input: String?
    @Option(help: "Where to write the results (- for standard output).") var output = "-"
    @Option(help: "One comment to classify.") var text: String?
    @Flag(help: "Show the evidence (words and rules that decided).") var explain = false
    @Option(help: "A folder of extra lexicon *.tsv files.") var lexiconDir: String?

    func validate() throws {
        guard (input == nil) != (text == nil) else { throw ValidationError("give either --input FILE|- or --text \"…\"") }
    }

    func run() throws {
        let analyzer = try SentimentAnalyzer.commandLine(lexiconDir: lexiconDir)
        if let text {
            let result = analyzer.analyze(text)
            print("label:      \(result.label.rawValue)")
            print("score:      \(result.score)")
            print("confidence: \(result.confidence)")
            print("language:   \(result.language.rawValue)")
            print("aspects:    \(result.aspects.map(\.rawValue).joined(separator: ", "))")
            if SentimentAnalyzer.isMissing(text) { print("feedback missing: the comment is empty") }
            if explain {
                print("evidence:")
                for line in result.evidence { print("  - \(line)") }
                print("analyzer:   \(result.analyzerVersion)")
            }
            return
        }
        try classifyLines(analyzer: analyzer)
    }

    private func classifyLines(analyzer: SentimentAnalyzer) throws {
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let path = input, let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(input ?? "-")")
            }
            data = contents
        }
        let sink = try OutputFile(output).handle
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var buffer = Data()
        var failures = 0
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let item = try? decoder.decode(InputLine.self, from: Data(line)) else {
                FileHandle.standardError.write(Data("line \(number + 1): not a JSON object with \"id\" and \"text\"\n".utf8))
                failures += 1
                continue
            }
            let result = analyzer.analyze(item.text ?? "")
            let out = OutputLine(
                id: item.id, label: result.label.rawValue, score: result.score, language: result.language.rawValue,
                aspects: result.aspects.map(\.rawValue), confidence: explain ? result.confidence : nil, evidence: explain ? result.evidence : nil)
            buffer.append(try encoder.encode(out))
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count > 1 << 16 {
                sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        sink.write(buffer)
        if failures > 0 { throw ExitCode(2) }
    }
}

/// An input or output id: the evaluator's ids are strings, but numbers are kept as they are.
enum LineID: Codable, Equatable {
    case text(String)
    case number(Int)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        }
    }
}

struct InputLine: Decodable {
    var id: LineID
    var text: String?
}

struct OutputLine: Encodable {
    var id: LineID
    var label: String
    var score: Double
    var language: String
    var aspects: [String]
    var confidence: Double?
    var evidence: [String]?
}
