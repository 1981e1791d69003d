import Testing
@testable import InsightsWeb

@Suite struct CSVTableTests {
    @Test(arguments: ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")"])
    func formulaStartsAreNeutralised(cell: String) {
        var table = CSVTable(header: ["comment"])
        table.append([.text(cell)])
        let body = table.text.split(separator: "\r\n", omittingEmptySubsequences: false)[1]
        let unquoted = body.hasPrefix("\"") ? String(body.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") : String(body)
        #expect(unquoted == "'" + cell)
    }

    @Test func plainTextAndNumbersPassThrough() {
        var table = CSVTable(header: ["id", "rating", "delta"])
        table.append(["S-1", .numeric("4"), .numeric("-0.5")])
        #expect(table.text == "id,rating,delta\r\nS-1,4,-0.5\r\n")
    }

    @Test func rfc4180Quoting() {
        var table = CSVTable(header: ["a", "b"])
        table.append(["x, y", "he said \"hi\"\nthen left"])
        #expect(table.text == "a,b\r\n\"x, y\",\"he said \"\"hi\"\"\nthen left\"\r\n")
    }
}
