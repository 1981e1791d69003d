import Foundation
import Model

/// How one JSON value becomes a Swift value and back, with the checks that make it valid.
///
/// A rule is the single statement of a field's wire type and constraints: decoding
/// applies its checks, encoding writes the same form, and the AsyncAPI schema mirrors it.
struct Rule<Value>: Sendable {
    /// Converts and checks `json`; on failure reports under `path` and returns nil.
    let read: @Sendable (_ json: JSONValue, _ path: JSONPath, _ log: ProblemLog) -> Value?
    let write: @Sendable (_ value: Value, _ writer: inout JSONWriter) -> Void
}

/// Why a well-typed value is still not acceptable (`7 is outside 1...5`).
struct Complaint: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension Rule {
    /// A rule for one JSON scalar: `extract` accepts the JSON type (nil: wrong type,
    /// reported as "expected \(expected), got ..."), `convert` checks the value.
    static func scalar<Raw>(
        expected: String,
        _ extract: @escaping @Sendable (JSONValue) -> Raw?,
        _ convert: @escaping @Sendable (Raw) -> Result<Value, Complaint>,
        write: @escaping @Sendable (Value, inout JSONWriter) -> Void
    ) -> Rule {
        Rule(
            read: { json, path, log in
                guard let raw = extract(json) else {
                    log.reportTypeMismatch(path, expected: expected, got: json)
                    return nil
                }
                switch convert(raw) {
                case .success(let value): return value
                case .failure(let complaint): log.report(path, complaint.message); return nil
                }
            },
            write: write)
    }

    /// A rule for a JSON string, with `convert` doing the checking.
    static func string(
        _ convert: @escaping @Sendable (String) -> Result<Value, Complaint>,
        write: @escaping @Sendable (Value, inout JSONWriter) -> Void
    ) -> Rule {
        scalar(expected: "a string", { if case .string(let text) = $0 { text } else { nil } }, convert, write: write)
    }

    /// A rule for a JSON number, with `convert` doing the checking.
    static func number(
        expected: String = "a number",
        _ convert: @escaping @Sendable (Double) -> Result<Value, Complaint>,
        write: @escaping @Sendable (Value, inout JSONWriter) -> Void
    ) -> Rule {
        scalar(expected: expected, { if case .number(let number) = $0 { number } else { nil } }, convert, write: write)
    }
}

// MARK: - Strings

extension Rule where Value == String {
    /// Free text up to `maxLength` characters (Unicode scalars, as JSON Schema counts).
    static func text(maxLength: Int = Limits.textLength, allowEmpty: Bool = true) -> Rule {
        .string({ text in
            if let complaint = checkLength(text, maxLength: maxLength, allowEmpty: allowEmpty) {
                return .failure(complaint)
            }
            return .success(text)
        }, write: { $1.string($0) })
    }

    /// Text that must say something, e.g. a summary or an action item.
    static var nonEmptyText: Rule { text(allowEmpty: false) }

    /// A person's, program's or batch's name, or a short label.
    static var name: Rule { text(maxLength: Limits.nameLength, allowEmpty: false) }

    /// An address that could be delivered to: one `@`, a dotted domain, no spaces.
    static var email: Rule {
        .string({ text in
            if let complaint = checkLength(text, maxLength: Limits.emailLength, allowEmpty: false) {
                return .failure(complaint)
            }
            return isPlausibleEmail(text) ? .success(text) : .failure(Complaint("\(quoted(text)) is not an email address"))
        }, write: { $1.string($0) })
    }

    /// A URI-reference such as `/mentorflow/ingest` (the CloudEvents `source`).
    static var uriReference: Rule {
        .string({ text in
            if let complaint = checkLength(text, maxLength: 2048, allowEmpty: false) { return .failure(complaint) }
            return containsSpaceOrControl(text) ? .failure(Complaint("\(quoted(text)) is not a URI reference")) : .success(text)
        }, write: { $1.string($0) })
    }

    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty,
            !containsSpaceOrControl(text)
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}

// MARK: - Numbers, booleans, dates

extension Rule where Value == Int {
    /// A whole number in `range`; `4.0` counts as 4.
    static func int(in range: ClosedRange<Int>) -> Rule {
        .number(expected: "an integer", { number in
            guard number.isFinite else { return .failure(Complaint("number is out of range")) }
            guard let integer = Int(exactly: number) else {
                let isWhole = number.rounded() == number
                return .failure(Complaint("\(format(number)) is \(isWhole ? "out of range" : "not an integer")"))
            }
            guard range.contains(integer) else {
                return .failure(Complaint("\(integer) is outside \(range.lowerBound)...\(range.upperBound)"))
            }
            return .success(integer)
        }, write: { $1.int($0) })
    }
}

extension Rule where Value == Double {
    /// A finite number in `range`.
    static func double(in range: ClosedRange<Double>) -> Rule {
        .number({ number in
            guard number.isFinite else { return .failure(Complaint("number is out of range")) }
            guard range.contains(number) else {
                return .failure(Complaint("\(format(number)) is outside \(format(range.lowerBound))...\(format(range.upperBound))"))
            }
            return .success(number)
        }, write: { $1.double($0) })
    }
}

extension Rule where Value == Bool {
    static var bool: Rule {
        scalar(expected: "a boolean", { if case .bool(let value) = $0 { value } else { nil } }, { .success($0) },
               write: { $1.bool($0) })
    }
}

extension Rule where Value == Date {
    /// An RFC 3339 date-time with an offset; see `Timestamp`.
    static var timestamp: Rule {
        .string({ text in
            guard let date = Timestamp.parse(text) else {
                return .failure(Complaint("\(quoted(text)) is not an RFC 3339 date-time with a UTC offset"))
            }
            return .success(date)
        }, write: { $1.string(Timestamp.string($0)) })
    }
}

// MARK: - String-backed model types

extension Rule where Value: RawRepresentable & Sendable, Value.RawValue == String {
    /// A non-empty, non-blank identifier of at most `Limits.identifierLength` characters.
    static var identifier: Rule { label(maxLength: Limits.identifierLength) }

    /// Any non-empty string-backed value (an id, a session type) up to `maxLength`.
    static func label(maxLength: Int) -> Rule {
        .string({ text in
            if let complaint = checkLength(text, maxLength: maxLength, allowEmpty: false) { return .failure(complaint) }
            guard let value = Value(rawValue: text) else { return .failure(Complaint("\(quoted(text)) is not allowed")) }
            return .success(value)
        }, write: { $1.string($0.rawValue) })
    }
}

extension Rule where Value: CaseIterable & RawRepresentable & Sendable, Value.RawValue == String {
    /// One of the enum's raw values, spelled exactly (the message lists them all).
    static var oneOf: Rule {
        .string({ text in
            guard let value = Value(rawValue: text) else {
                let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(Complaint("\(quoted(text)) is not one of \(allowed)"))
            }
            return .success(value)
        }, write: { $1.string($0.rawValue) })
    }
}

// MARK: - Containers

extension Rule {
    /// A JSON array of at most `maxCount` elements, each read with `element`; problems
    /// are reported per element (`data.aspects[2]`).
    static func list<Element>(of element: Rule<Element>, maxCount: Int = Limits.listCount) -> Rule<[Element]> {
        Rule<[Element]>(
            read: { json, path, log in
                guard case .array(let values) = json else {
                    log.reportTypeMismatch(path, expected: "an array", got: json)
                    return nil
                }
                guard values.count <= maxCount else {
                    log.report(path, "has \(values.count) items, more than \(maxCount)")
                    return nil
                }
                let parent = path.description
                var elements: [Element] = []
                elements.reserveCapacity(values.count)
                var isValid = true
                for (index, value) in values.enumerated() {
                    if let decoded = element.read(value, JSONPath(parent: parent, step: .index(index)), log) {
                        elements.append(decoded)
                    } else {
                        isValid = false
                    }
                }
                return isValid ? elements : nil
            },
            write: { elements, writer in
                writer.array { array in
                    for value in elements {
                        array.element { element.write(value, &$0) }
                    }
                }
            })
    }
}

extension Rule {
    /// A nested JSON object, its members read and written by the given functions.
    static func object(
        read: @escaping @Sendable (ObjectReader) -> Value?,
        write: @escaping @Sendable (Value, inout JSONWriter) -> Void
    ) -> Rule {
        Rule(
            read: { json, path, log in
                guard case .object(let members) = json else {
                    log.reportTypeMismatch(path, expected: "an object", got: json)
                    return nil
                }
                return read(ObjectReader(members: members, path: path.description, log: log))
            },
            write: { value, writer in
                writer.object { write(value, &$0) }
            })
    }
}

extension Rule where Value: WireObject {
    /// A nested JSON object in the value's own `WireObject` form.
    static var object: Rule {
        object(read: { Value.read(from: $0) }, write: { $0.write(to: &$1) })
    }
}

// MARK: - Message helpers

/// Checks emptiness and length in Unicode scalars; counts them only when the UTF-8
/// length says the limit could be exceeded.
private func checkLength(_ text: String, maxLength: Int, allowEmpty: Bool) -> Complaint? {
    if !allowEmpty, text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
        return Complaint(text.isEmpty ? "must not be empty" : "must not be blank")
    }
    if text.utf8.count > maxLength {
        let length = text.unicodeScalars.count
        if length > maxLength { return Complaint("is \(length) characters long, more than \(maxLength)") }
    }
    return nil
}

private func containsSpaceOrControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 }
}

/// A received string for a message: quoted, and cut short so a megabyte of garbage
/// does not become a megabyte of log line.
func quoted(_ text: String) -> String {
    let head = text.unicodeScalars.prefix(40)
    guard head.endIndex < text.unicodeScalars.endIndex else { return "\"\(text)\"" }
    return "\"\(String(Substring(head)))…\""
}

/// A number for a message: `7`, `4.5`, `-1`.
func format(_ number: Double) -> String {
    if let integer = Int(exactly: number) { return String(integer) }
    return number.description
}
