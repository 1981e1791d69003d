import Foundation

/// An RFC 9457 problem document (`application/problem+json`): what went wrong, for a machine
/// (`type`, `status`) and for the integration engineer reading it (`title`, `detail`, `errors`).
public struct Problem: Sendable, Encodable, Equatable {
    public static let contentType = "application/problem+json"

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    /// Each invalid field, by JSON path (events) or line and column (CSV).
    public var errors: [FieldError]?

    public struct FieldError: Sendable, Encodable, Equatable {
        public var path: String?
        public var line: Int?
        public var column: Int?
        public var message: String
        public init(path: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
            self.path = path
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public init(type: String, title: String, status: Int, detail: String? = nil, errors: [FieldError]? = nil) {
        self.type = "https://mentorflow.dev/problems/" + type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}
