/// A model type that travels as the members of a JSON object.
///
/// `read` is given the object and reports problems rather than stopping: it reads every
/// field first and only then returns nil if a required one failed, so that all problems
/// of an event are found in one pass. `write` writes members only; the caller decides
/// whether they form their own object (`Rule.object`) or are merged into a parent's
/// (a payload flattening a record, as `session.scheduled` does with the booking).
protocol WireObject: Sendable {
    static func read(from reader: ObjectReader) -> Self?
    func write(to writer: inout JSONWriter)
}

/// Gives a `WireObject` the members of one JSON object.
struct ObjectReader {
    let members: [String: JSONValue]
    /// The object's own path (`data`, `data.mentor`), prefixed to its members' paths.
    let path: String
    let log: ProblemLog

    /// The field's value, or nil when it is absent, `null`, or invalid. A missing
    /// required field and any invalid value are reported.
    func read<Value>(_ field: Field<Value>) -> Value? {
        let path = JSONPath(parent: path, step: .key(field.name))
        switch members[field.name] {
        case nil:
            if field.isRequired { log.report(path, "required field is missing") }
            return nil
        case .null?:
            if field.isRequired { log.report(path, "required field is null") }
            return nil
        case let value?:
            return field.rule.read(value, path, log)
        }
    }
}

extension JSONWriter {
    /// Writes the field as a member of the current object; nil values are left out.
    mutating func write<Value>(_ field: Field<Value>, _ value: Value?) {
        guard let value else { return }
        member(field.name) { field.rule.write(value, &$0) }
    }
}
