import Testing
@testable import IngestCore

@Suite struct CSVParserTests {
    /// Parses `text` fed in chunks of `chunk` bytes (every chunking must give the same result).
    func parse(_ bytes: [UInt8], chunk: Int = 7) -> [CSVParser.Output] {
        var parser = CSVParser()
        var outputs: [CSVParser.Output] = []
        var index = 0
        while index < bytes.count {
            parser.feed(bytes[index..<min(index + chunk, bytes.count)]) { outputs.append($0) }
            index += chunk
        }
        parser.finish { outputs.append($0) }
        return outputs
    }

    func parse(_ text: String, chunk: Int = 7) -> [CSVParser.Output] { parse(Array(text.utf8), chunk: chunk) }

    func records(_ outputs: [CSVParser.Output]) -> [[String]] {
        outputs.compactMap { if case .record(let record) = $0 { record.fields } else { nil } }
    }

    func problems(_ outputs: [CSVParser.Output]) -> [CSVParser.Problem] {
        outputs.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    @Test(arguments: [1, 2, 3, 5, 64])
    func quotedCommasQuotesAndNewlinesWithAnyChunking(chunk: Int) {
        let outputs = parse("a,b,c\n1,\"x, \"\"y\"\"\nz\",3\n4,,\"\"\n", chunk: chunk)
        #expect(records(outputs) == [["a", "b", "c"], ["1", "x, \"y\"\nz", "3"], ["4", "", ""]])
        guard case .record(let third) = outputs[2] else { Issue.record("expected a record"); return }
        #expect(third.line == 4, "the record after a quoted newline starts on physical line 4")
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() {
        let outputs = parse([0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n\"q\r\nr\",3\r\n".utf8), chunk: 1)
        #expect(records(outputs) == [["a", "b"], ["1", "2"], ["q\r\nr", "3"]])
    }

    @Test func lastLineWithoutLineBreak() {
        #expect(records(parse("a,b\n1,2")) == [["a", "b"], ["1", "2"]])
    }

    @Test func nulByteRejectsTheRecordWithLineAndColumnAndReadingGoesOn() {
        let outputs = parse(Array("a,b\n1,x".utf8) + [0] + Array("y\n3,4\n".utf8))
        #expect(problems(outputs) == [.init(line: 2, column: 2, message: "NUL byte in the data")])
        #expect(records(outputs) == [["a", "b"], ["3", "4"]])
    }

    @Test func invalidUTF8IsReportedWithItsColumn() {
        let outputs = parse(Array("a,b\nok,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        #expect(problems(outputs).first?.column == 2)
        #expect(problems(outputs).first?.message.contains("UTF-8") == true)
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        let outputs = parse("a,b\n1,2\n3,\"never closed\n4,5\n")
        #expect(problems(outputs) == [.init(line: 3, column: 2, message: "unterminated quoted field: the quote opened here is never closed")])
        #expect(records(outputs) == [["a", "b"], ["1", "2"]])
    }

    @Test func strayQuotesAndTextAfterAClosingQuote() {
        let outputs = parse("a,b\n1,ab\"c\n\"x\"y,2\n5,6\n")
        let found = problems(outputs)
        #expect(found.count == 2)
        #expect(found[0].line == 2 && found[0].message.contains("quote inside an unquoted field"))
        #expect(found[1].line == 3 && found[1].message.contains("after the closing quote"))
        #expect(records(outputs).last == ["5", "6"])
    }

    @Test func oversizedFieldIsAProblemNotAnAllocation() {
        var parser = CSVParser(maxFieldBytes: 10)
        var outputs: [CSVParser.Output] = []
        parser.feed(Array("a\n\(String(repeating: "x", count: 1000))\nb\n".utf8)) { outputs.append($0) }
        parser.finish { outputs.append($0) }
        #expect(problems(outputs).first?.message.contains("longer than 10 bytes") == true)
        #expect(records(outputs) == [["a"], ["b"]])
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in
                [UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0, 0xFF, UInt8(ascii: "a")].randomElement(using: &generator)!
            }
            _ = parse(bytes, chunk: Int.random(in: 1...50, using: &generator))
        }
    }
}
