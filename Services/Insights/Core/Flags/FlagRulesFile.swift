import Foundation
import Model

/// A problem in a flag rules file, with the file, the JSON path and what is wrong, so an
/// operator can fix it from the message alone.
public struct FlagRulesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Each problem as `<path>: <message>`, e.g. `$.severities.low_rating: "purple" is not one of off, yellow, red`.
    public var problems: [String]

    public init(file: String, problems: [String]) {
        self.file = file
        self.problems = problems
    }

    public var description: String { "\(file): " + problems.joined(separator: "; ") }
}

extension FlagRules {
    /// The file format (every key optional; a missing key keeps the default, an unknown key is an error):
    ///
    /// ```json
    /// {
    ///   "severities": {"mentor_not_prepared": "yellow", "low_rating": "red", "...": "off|yellow|red"},
    ///   "low_rating_at_most": 2,
    ///   "feedback_grace_hours": 48,
    ///   "red_when_yellow_reasons_at_least": 3
    /// }
    /// ```
    public static func load(file url: URL) throws(FlagRulesError) -> FlagRules {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FlagRulesError(file: url.path, problems: ["cannot read the file: \(error.localizedDescription)"])
        }
        return try parse(data, file: url.path)
    }

    /// Reads rules from JSON text; `file` names the source in errors.
    public static func parse(_ data: Data, file: String) throws(FlagRulesError) -> FlagRules {
        let root: ConfigValue
        do {
            root = try JSONDecoder().decode(ConfigValue.self, from: data)
        } catch {
            throw FlagRulesError(file: file, problems: ["$: not valid JSON (\(Self.syntaxMessage(error)))"])
        }
        guard case .object(let object) = root else {
            throw FlagRulesError(file: file, problems: ["$: expected an object, got \(root.shown)"])
        }
        var rules = FlagRules.default
        var problems: [String] = []
        let known = ["severities", "low_rating_at_most", "feedback_grace_hours", "red_when_yellow_reasons_at_least"]
        for key in object.keys.sorted() where !known.contains(key) {
            problems.append("$.\(key): unknown key (expected one of \(known.joined(separator: ", ")))")
        }
        if let value = object["severities"] {
            if case .object(let severities) = value {
                for (name, level) in severities.sorted(by: { $0.key < $1.key }) {
                    guard let reason = FlagReason(rawValue: name) else {
                        problems.append("$.severities.\(name): unknown reason (expected one of \(FlagReason.allCases.map(\.rawValue).joined(separator: ", ")))")
                        continue
                    }
                    guard case .string(let text) = level, let severity = Severity(rawValue: text) else {
                        problems.append("$.severities.\(name): \(level.shown) is not one of \"off\", \"yellow\", \"red\"")
                        continue
                    }
                    rules.severities[reason] = severity
                }
            } else {
                problems.append("$.severities: expected an object of reason → \"off\"|\"yellow\"|\"red\", got \(value.shown)")
            }
        }
        if let value = object["low_rating_at_most"] {
            if let number = value.integer, (0...5).contains(number) {
                rules.lowRatingAtMost = number
            } else {
                problems.append("$.low_rating_at_most: \(value.shown) must be a whole number in 0...5 (0 switches the rule off)")
            }
        }
        if let value = object["feedback_grace_hours"] {
            if case .number(let hours) = value, hours >= 0, hours <= 24 * 365 {
                rules.feedbackGracePeriod = .milliseconds(Int64((hours * 3_600_000).rounded()))
            } else {
                problems.append("$.feedback_grace_hours: \(value.shown) must be a number of hours in 0...8760")
            }
        }
        if let value = object["red_when_yellow_reasons_at_least"] {
            if case .null = value {
                rules.redWhenYellowReasonsAtLeast = nil
            } else if let count = value.integer, (2...FlagReason.allCases.count).contains(count) {
                rules.redWhenYellowReasonsAtLeast = count
            } else {
                problems.append("$.red_when_yellow_reasons_at_least: \(value.shown) must be null or a whole number in 2...\(FlagReason.allCases.count)")
            }
        }
        guard problems.isEmpty else { throw FlagRulesError(file: file, problems: problems) }
        return rules
    }

    private static func syntaxMessage(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
        return "\(error)"
    }
}

/// Any JSON value, so the rules file can be checked key by key with paths in the messages.
private enum ConfigValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ConfigValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ConfigValue].self))
        }
    }

    var integer: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 1e9 else { return nil }
        return Int(value)
    }

    var shown: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case .string(let value): "\"\(value)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
