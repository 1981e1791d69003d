/// Where a value sits in the received document, spelled only when a problem needs it
/// (valid events, the common case, never build path strings).
struct JSONPath: CustomStringConvertible {
    enum Step {
        case key(String)
        case index(Int)
    }

    /// The path of the enclosing object or array; empty at the top level.
    let parent: String
    let step: Step

    var description: String {
        switch step {
        case .key(let key): parent.isEmpty ? key : "\(parent).\(key)"
        case .index(let index): "\(parent)[\(index)]"
        }
    }
}

/// Collects the problems of one decode, so that all of them are reported, not the first.
final class ProblemLog {
    private(set) var problems: [ValidationProblem] = []

    var isEmpty: Bool { problems.isEmpty }

    func report(_ path: JSONPath, _ message: String) {
        problems.append(ValidationProblem(path: path.description, message: message))
    }

    /// Reports on a top-level member, e.g. `type`.
    func report(member name: String, _ message: String) {
        report(JSONPath(parent: "", step: .key(name)), message)
    }

    func reportTypeMismatch(_ path: JSONPath, expected: String, got value: JSONValue) {
        report(path, "expected \(expected), got \(value.typeName)")
    }
}
