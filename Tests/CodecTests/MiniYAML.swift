import Foundation

/// Just enough YAML to read `asyncapi.yaml`: block maps and lists by indentation,
/// `- key: value` list items, flow lists of scalars (`[a, 'b']`), quoted scalars, and
/// whole-line comments. A flow map (`{$ref: ...}`) stays a scalar string; `ref` reads it.
/// No YAML library is available here, and the document is written to this subset.
indirect enum YAML: Equatable {
    case scalar(String)
    case list([YAML])
    case map([String: YAML], keys: [String])

    static func parse(_ text: String) -> YAML {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw -> Line? in
            let content = raw.drop(while: { $0 == " " })
            guard !content.isEmpty, !content.hasPrefix("#") else { return nil }
            return Line(indent: raw.count - content.count, text: String(content))
        }
        var index = 0
        return parseBlock(&lines, &index, indent: lines.first?.indent ?? 0)
    }

    subscript(key: String) -> YAML? {
        guard case .map(let members, _) = self else { return nil }
        return members[key]
    }

    var keys: [String] {
        guard case .map(_, let keys) = self else { return [] }
        return keys
    }

    var string: String? {
        guard case .scalar(let text) = self else { return nil }
        return text
    }

    var list: [YAML]? {
        guard case .list(let items) = self else { return nil }
        return items
    }

    var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        return items.compactMap(\.string)
    }

    /// The target of a `$ref` written as a block (`$ref: '#/...'`) or a flow map
    /// (`{$ref: '#/...'}`), e.g. `#/components/schemas/Name` → `Name`.
    var ref: String? {
        let text = self["$ref"]?.string ?? string ?? ""
        guard let range = text.range(of: "#/components/schemas/") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "'" && $0 != "}" && $0 != " " })
    }

    // MARK: Parsing

    private struct Line {
        var indent: Int
        var text: String
    }

    private static func parseBlock(_ lines: inout [Line], _ index: inout Int, indent: Int) -> YAML {
        if lines[index].text.hasPrefix("- ") {
            var items: [YAML] = []
            while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
                let rest = String(lines[index].text.dropFirst(2))
                if splitKey(rest) != nil {
                    // "- key: value" opens a map whose keys sit two columns further in.
                    lines[index] = Line(indent: indent + 2, text: rest)
                    items.append(parseBlock(&lines, &index, indent: indent + 2))
                } else {
                    items.append(parseScalar(rest))
                    index += 1
                }
            }
            return .list(items)
        }
        var members: [String: YAML] = [:]
        var keys: [String] = []
        while index < lines.count, lines[index].indent == indent, let (key, value) = splitKey(lines[index].text) {
            index += 1
            let child: YAML
            if value.isEmpty, index < lines.count, lines[index].indent > indent {
                child = parseBlock(&lines, &index, indent: lines[index].indent)
            } else {
                child = parseScalar(value)
            }
            members[key] = child
            keys.append(key)
        }
        return .map(members, keys: keys)
    }

    /// `key: value` or `key:`; nil when the text is not a map entry.
    private static func splitKey(_ text: String) -> (String, String)? {
        guard let first = text.first, !"'\"{[".contains(first) else { return nil }
        if text.hasSuffix(":") { return (String(text.dropLast()), "") }
        guard let range = text.range(of: ": ") else { return nil }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]).trimmingSpaces)
    }

    private static func parseScalar(_ text: String) -> YAML {
        if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast()
            return .list(inner.split(separator: ",").map { .scalar(unquote(String($0).trimmingSpaces)) })
        }
        return .scalar(unquote(text))
    }

    private static func unquote(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
