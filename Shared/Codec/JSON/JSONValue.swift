/// A parsed JSON document, the codec's intermediate form on the way in.
///
/// Numbers are Doubles: every number our events carry fits one exactly, and integer
/// fields are checked to be whole (`4.0` reads as 4, `4.5` is a validation problem).
enum JSONValue {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The JSON type name, as validation messages say "expected an integer, got string".
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
