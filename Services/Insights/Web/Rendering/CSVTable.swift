/// A table written as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote,
/// CR or LF, quotes doubled) that is safe to open in a spreadsheet: a cell starting with
/// `=`, `+`, `-`, `@`, tab or CR would be run as a formula (OWASP "CSV injection"), so it gets a
/// leading `'`, which spreadsheets show as text. Numbers are written by the caller as plain
/// digits and pass through, except negative ones, which are numbers, not formulas: `numeric`
/// cells skip the guard.
public struct CSVTable: Sendable {
    public enum Cell: Sendable, ExpressibleByStringLiteral {
        case text(String)
        case numeric(String)

        public init(stringLiteral value: String) { self = .text(value) }
    }

    public let header: [String]
    public private(set) var rows: [[Cell]] = []

    public init(header: [String]) {
        self.header = header
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == header.count, "a CSV row must have one cell per column")
        rows.append(row)
    }

    /// The whole document, header first.
    public var text: String {
        var out = header.map { Self.quoted(Self.neutralised($0)) }.joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { cell in
                switch cell {
                case .text(let value): Self.quoted(Self.neutralised(value))
                case .numeric(let value): Self.quoted(value)
                }
            }.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `value` with a leading `'` when a spreadsheet would take it for a formula.
    public static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarts.contains(Character(first)) else { return value }
        return "'" + value
    }

    /// `value` in quotes (inner quotes doubled) when it needs them.
    public static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
