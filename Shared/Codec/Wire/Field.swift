/// A named member of a JSON object with its rule: the one place a wire name is spelled,
/// used by both the reader and the writer so they cannot disagree.
struct Field<Value>: Sendable {
    let name: String
    let rule: Rule<Value>
    let isRequired: Bool

    static func required(_ name: String, _ rule: Rule<Value>) -> Field {
        Field(name: name, rule: rule, isRequired: true)
    }

    /// Absent and `null` both read as nil; nil is written as absent.
    static func optional(_ name: String, _ rule: Rule<Value>) -> Field {
        Field(name: name, rule: rule, isRequired: false)
    }
}
