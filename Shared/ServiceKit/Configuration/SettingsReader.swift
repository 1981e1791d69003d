import Foundation

/// The one reader of settings for every service: ServiceKit's own (`ServiceConfiguration`) and each
/// service's (`MentorFlowService.Settings`) read from the same values (the optional
/// `MENTORFLOW_CONFIG_FILE`, overridden by the environment). A bad or missing value does not stop
/// the reading: the accessor returns its default and records the problem by variable name, so an
/// operator sees every problem of a start at once (`validate()`, exit 78) instead of one per attempt.
public struct SettingsReader: Sendable {
    /// Every setting the process sees, config file included.
    public let values: [String: String]
    /// What is wrong so far, one line per variable ("KEY=value must be ...").
    public private(set) var problems: [String] = []

    public init(values: [String: String]) {
        self.values = values
    }

    /// The process's settings: the config file named by `MENTORFLOW_CONFIG_FILE` (KEY=VALUE lines)
    /// overridden by the environment. Only an unreadable or malformed file throws.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> SettingsReader {
        SettingsReader(values: try ConfigFile.merged(environment))
    }

    /// Records a problem the typed accessors cannot see (a cross-field rule, a file's content).
    public mutating func report(_ problem: String) {
        problems.append(problem)
    }

    /// Throws every recorded problem at once.
    public func validate() throws(ConfigurationError) {
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
    }

    /// The value, nil when unset or empty (an empty variable means "not set" everywhere).
    public func raw(_ key: String) -> String? {
        values[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A free-text value.
    public func string(_ key: String, default fallback: String) -> String {
        raw(key) ?? fallback
    }

    /// A value the service cannot start without; `hint` says what it should be.
    public mutating func required(_ key: String, hint: String? = nil) -> String? {
        guard let value = raw(key) else {
            report(hint.map { "\(key) is required (\($0))" } ?? "\(key) is required but not set")
            return nil
        }
        return value
    }

    /// A whole number in `range`.
    public mutating func integer<T: FixedWidthInteger>(_ key: String, default fallback: T, in range: ClosedRange<T>) -> T {
        guard let text = raw(key) else { return fallback }
        guard let value = T(text), range.contains(value) else {
            report("\(key)=\(text) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            return fallback
        }
        return value
    }

    /// A positive whole number (sizes, timeouts in a unit the name says).
    public mutating func positiveInteger(_ key: String, default fallback: Int) -> Int {
        guard let text = raw(key) else { return fallback }
        guard let value = Int(text), value > 0 else {
            report("\(key)=\(text) must be a positive whole number")
            return fallback
        }
        return value
    }

    /// A duration written in seconds (fractions allowed), within `range` seconds.
    public mutating func seconds(_ key: String, default fallback: Duration, in range: ClosedRange<Double>) -> Duration {
        guard let text = raw(key) else { return fallback }
        guard let seconds = Double(text), range.contains(seconds) else {
            report("\(key)=\(text) must be a number of seconds in \(Self.format(range.lowerBound))...\(Self.format(range.upperBound))")
            return fallback
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// A duration written as whole minutes within `range`.
    public mutating func minutes(_ key: String, default fallback: Duration, in range: ClosedRange<Int>) -> Duration {
        guard let text = raw(key) else { return fallback }
        guard let minutes = Int(text), range.contains(minutes) else {
            report("\(key)=\(text) must be whole minutes in \(range.lowerBound)...\(range.upperBound)")
            return fallback
        }
        return .seconds(minutes * 60)
    }

    /// A filesystem path (not checked: the code that opens it reports what is wrong).
    public func path(_ key: String) -> URL? {
        raw(key).map { URL(fileURLWithPath: $0) }
    }

    /// One of an enumeration's values, case-insensitive.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) -> T where T.RawValue == String {
        guard let text = raw(key) else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            report("\(key)=\(text) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return fallback
        }
        return value
    }

    /// true/false (also 1/0, yes/no).
    public mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let text = raw(key) else { return fallback }
        switch text.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default:
            report("\(key)=\(text) must be true or false")
            return fallback
        }
    }

    /// A value `parse` turns into something (a URL, a time zone); `parse` returns nil or throws
    /// for a bad one, and `expected` says what it should be.
    public mutating func parsed<T>(_ key: String, expected: String, _ parse: (String) throws -> T?) -> T? {
        guard let text = raw(key) else { return nil }
        do {
            if let value = try parse(text) { return value }
            report("\(key)=\(text) \(expected)")
        } catch {
            report("\(key): \(error)")
        }
        return nil
    }

    /// A file (or folder) loaded by `load`; its error is reported with the variable and the path.
    /// nil when the variable is unset or the file is bad.
    public mutating func file<T>(_ key: String, _ load: (URL) throws -> T) -> T? {
        guard let url = path(key) else { return nil }
        do {
            return try load(url)
        } catch {
            let detail = "\(error)"
            // Errors that already start with the path (FlagRulesError) are not prefixed twice.
            report(detail.hasPrefix(url.path) ? "\(key)=\(detail)" : "\(key)=\(url.path): \(detail)")
            return nil
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// The optional `MENTORFLOW_CONFIG_FILE`: KEY=VALUE lines, `#` comments, optional double quotes.
enum ConfigFile {
    /// The file's values, overridden by the environment.
    static func merged(_ environment: [String: String]) throws(ConfigurationError) -> [String: String] {
        guard let path = environment["MENTORFLOW_CONFIG_FILE"], !path.isEmpty else { return environment }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(problems: ["MENTORFLOW_CONFIG_FILE=\(path) cannot be read: \(error.localizedDescription)"])
        }
        var values: [String: String] = [:]
        var problems: [String] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                problems.append("\(path):\(index + 1): expected KEY=VALUE")
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            values[key] = value
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return values.merging(environment) { _, fromEnvironment in fromEnvironment }
    }
}
