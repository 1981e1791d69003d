/// An incremental RFC 4180 reader: bytes go in as they arrive (any chunking), records come out
/// with the line they started on, so a 1 GB upload never has to sit in memory. A broken record
/// (NUL byte, invalid UTF-8, a stray quote, an oversized field) is reported with its line and
/// column instead of being returned, and reading goes on with the next record; only an
/// unterminated quote swallows the rest of the input. A UTF-8 BOM and CRLF line ends are fine.
public struct CSVParser: Sendable {
    public struct Record: Sendable, Equatable {
        /// 1-based physical line where the record starts.
        public let line: Int
        public let fields: [String]
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        /// 1-based field number, when the problem is in one field.
        public let column: Int?
        public let message: String
        public var description: String {
            column.map { "line \(line), column \($0): \(message)" } ?? "line \(line): \(message)"
        }
    }

    public enum Output: Sendable, Equatable {
        case record(Record)
        case problem(Problem)
    }

    private enum State { case fieldStart, unquoted, quoted, afterClosingQuote }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [[UInt8]] = []
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var pendingCR = false
    private var problem: Problem?
    private var head: [UInt8]? = []
    /// Longest field accepted (bytes); a bigger one is a problem, not an allocation.
    public let maxFieldBytes: Int

    public init(maxFieldBytes: Int = 1 << 20) {
        self.maxFieldBytes = maxFieldBytes
    }

    /// Consumes a chunk and calls `emit` for each record or problem it completes.
    public mutating func feed(_ bytes: some Sequence<UInt8>, emit: (Output) -> Void) {
        for byte in bytes {
            if var start = head {
                // The first three bytes decide whether there is a BOM to drop.
                start.append(byte)
                if start.count < 3, start == Array(Self.byteOrderMark.prefix(start.count)) {
                    head = start
                    continue
                }
                head = nil
                if start != Self.byteOrderMark {
                    for early in start { consume(early, emit: emit) }
                }
                continue
            }
            consume(byte, emit: emit)
        }
    }

    /// Call once at the end of input: flushes the last record or reports an unterminated quote.
    public mutating func finish(emit: (Output) -> Void) {
        if let start = head {
            head = nil
            for byte in start { consume(byte, emit: emit) }
        }
        if pendingCR {
            pendingCR = false
            append(UInt8(ascii: "\r"))
        }
        switch state {
        case .quoted:
            emit(.problem(Problem(line: quoteLine, column: fields.count + 1, message: "unterminated quoted field: the quote opened here is never closed")))
            reset()
        case .fieldStart where fields.isEmpty && field.isEmpty:
            break // the input ended with a line break
        default:
            endRecord(emit: emit)
        }
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private mutating func consume(_ byte: UInt8, emit: (Output) -> Void) {
        if pendingCR {
            pendingCR = false
            if byte == UInt8(ascii: "\n") {
                line += 1
                endRecord(emit: emit)
                return
            }
            append(UInt8(ascii: "\r"))
        }
        if byte == 0 { flag("NUL byte in the data") }
        switch state {
        case .quoted:
            if byte == UInt8(ascii: "\"") {
                state = .afterClosingQuote
            } else {
                if byte == UInt8(ascii: "\n") { line += 1 }
                append(byte)
            }
        case .afterClosingQuote where byte == UInt8(ascii: "\""):
            append(byte) // "" inside quotes is one quote
            state = .quoted
        case .fieldStart where byte == UInt8(ascii: "\""):
            state = .quoted
            quoteLine = line
        default:
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                pendingCR = true
            case UInt8(ascii: "\n"):
                line += 1
                endRecord(emit: emit)
            case UInt8(ascii: "\""):
                flag("a quote inside an unquoted field (quote the whole field and double the quote)")
                append(byte)
            default:
                if state == .afterClosingQuote { flag("text after the closing quote of a quoted field") }
                append(byte)
                state = .unquoted
            }
        }
    }

    private mutating func flag(_ message: String) {
        if problem == nil { problem = Problem(line: line, column: fields.count + 1, message: message) }
    }

    private mutating func append(_ byte: UInt8) {
        guard field.count < maxFieldBytes else {
            flag("field longer than \(maxFieldBytes) bytes")
            return
        }
        field.append(byte)
    }

    private mutating func endField() {
        fields.append(field)
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(emit: (Output) -> Void) {
        endField()
        defer { reset() }
        if let problem {
            emit(.problem(problem))
            return
        }
        var strings: [String] = []
        strings.reserveCapacity(fields.count)
        for (index, bytes) in fields.enumerated() {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                emit(.problem(Problem(line: recordLine, column: index + 1, message: "invalid UTF-8 (save the file as UTF-8)")))
                return
            }
            strings.append(text)
        }
        emit(.record(Record(line: recordLine, fields: strings)))
    }

    private mutating func reset() {
        state = .fieldStart
        field.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        problem = nil
        recordLine = line
    }
}
