/// Why bytes could not become a `CloudEvent`.
///
/// A value, not a thrown surprise: consumers route it to the dead-letter queue with
/// `description` as the reason, and tests compare it.
public struct EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not JSON at all. Positions are 0-based for the byte, 1-based for line and column
        /// (columns count bytes).
        case malformedJSON(offset: Int, line: Int, column: Int)
        /// JSON, but not an object (an event must be one).
        case notAnObject
        /// JSON, but not an array (a batch must be one).
        case notAnArray
        /// A `type` this codec does not know; the event may be from a newer publisher.
        case unknownEventType(String)
        /// A CloudEvents `specversion` whose major version is not 1.
        case unsupportedSpecVersion(String)
        /// An event of a known type with at least one problem in `problems`.
        case invalid
    }

    public let kind: Kind
    /// Every problem found, in document order of the fields; never empty.
    public let problems: [ValidationProblem]

    public init(kind: Kind, problems: [ValidationProblem]) {
        self.kind = kind
        self.problems = problems
    }

    /// One line for logs and the dead-letter header, e.g.
    /// `invalid event: data.rating: 7 is outside 1...5; data.comment: required field is missing`.
    public var description: String {
        "\(summary): " + problems.map(\.description).joined(separator: "; ")
    }

    private var summary: String {
        switch kind {
        case .malformedJSON(let offset, let line, let column):
            "malformed JSON at line \(line), column \(column) (byte \(offset))"
        case .notAnObject: "not a CloudEvent"
        case .notAnArray: "not a batch"
        case .unknownEventType(let type): "unknown event type \"\(type.prefix(100))\""
        case .unsupportedSpecVersion(let version): "unsupported specversion \"\(version.prefix(20))\""
        case .invalid: "invalid event"
        }
    }
}

extension EventDecodingError {
    /// Places a syntax error in `bytes` by line and column as well as byte offset.
    init(syntaxError: JSONSyntaxError, in bytes: some Collection<UInt8>) {
        var line = 1
        var lineStart = 0
        for (offset, byte) in bytes.prefix(syntaxError.offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = offset + 1
        }
        self.init(
            kind: .malformedJSON(offset: syntaxError.offset, line: line, column: syntaxError.offset - lineStart + 1),
            problems: [ValidationProblem(path: "", message: syntaxError.message)]
        )
    }
}
