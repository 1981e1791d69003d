import Foundation
import Model
import Testing
@testable import SentimentAnalysis

/// The lexicons are data: they load, an operator's folder extends and overrides them, and a
/// bad line is refused with its file and line.
@Suite struct LexiconTests {
    private func folder(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-lexicon-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    @Test func bundledLexiconsLoad() throws {
        let lexicon = try Lexicon.standard()
        #expect(lexicon.entryCount > 1000)
        #expect(lexicon.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["emoji.tsv", "en.tsv", "hi.tsv", "hinglish.tsv", "language.tsv", "rules.tsv"])
        #expect(lexicon.entry(for: "no-show")?.kind == .problem)
        #expect(lexicon.entry(for: "didn't")?.kind == .negator)
        #expect(lexicon.entry(for: "ज़्यादा")?.kind == .intensifier)
    }

    @Test func operatorFolderAddsAndOverrides() throws {
        #expect(label("lit session") == .neutral)
        let extra = try folder([
            "local.tsv": "# campus slang\nlit\tsentiment\t2\nlate\tneutral\n",
            "language-extra.tsv": "lit\tchatspeak\n",
        ])
        let custom = try SentimentAnalyzer(extraLexiconDirectory: extra)
        #expect(custom.analyze("lit session").label == .positive)
        #expect(custom.analyze("mentor was late").label == .neutral, "a later line replaces the bundled one")
        #expect(custom.version != analyzer.version, "the version names the lexicon")
        #expect(custom.lexicon.overrides >= 1)
    }

    @Test func badLinesAreRefusedWithFileAndLine() throws {
        let extra = try folder(["bad.tsv": "good\tsentiment\n\nfoo\tnope\t1\nbar\tsentiment\tx\nbaz\tproblem\t2\tsomewhere\n2 much\tsentiment\t1\n"])
        #expect {
            _ = try SentimentAnalyzer(extraLexiconDirectory: extra)
        } throws: { error in
            let problems = (error as? LexiconError)?.problems ?? []
            return problems == [
                "bad.tsv:1: kind sentiment needs a value",
                "bad.tsv:3: unknown kind \"nope\"",
                "bad.tsv:4: value \"x\" is not a number in -10...10",
                "bad.tsv:5: unknown aspect \"somewhere\"",
                "bad.tsv:6: phrase \"2 much\" must be words, emoji or one emoticon (no digits or punctuation between words)",
            ]
        }
        #expect(throws: LexiconError.self) { _ = try SentimentAnalyzer(extraLexiconDirectory: URL(fileURLWithPath: "/nonexistent/lexicons")) }
    }
}
