import Foundation
import InsightsCore

/// The insights service's own settings (beside ServiceKit's), read from the environment or the
/// `MENTORFLOW_CONFIG_FILE` values; documented in README, Configuration.
struct InsightsSettings: Sendable {
    /// Queue `<name>.events`, inbox and store file names, metrics label.
    var name: String
    var rules: FlagRules
    /// Where the rules came from ("built-in defaults" or the file's path), for the start log.
    var rulesSource: String
    var sweepInterval: Duration
    /// How long a level must hold before it is published (`session.flagged`); zero = the next sweep.
    var flagSettle: Duration
    var storePath: String

    struct Invalid: Error, CustomStringConvertible {
        var problems: [String]
        var description: String { problems.joined(separator: "; ") }
    }

    static func read(environment: [String: String], dataDirectory: URL, name: String) throws(Invalid) -> InsightsSettings {
        var problems: [String] = []
        var rules = FlagRules.default
        var source = "built-in defaults (Services/Insights/flag-rules.json)"
        if let path = environment["MENTORFLOW_INSIGHTS_FLAG_RULES"], !path.isEmpty {
            do {
                rules = try FlagRules.load(file: URL(fileURLWithPath: path))
                source = path
            } catch {
                problems.append("MENTORFLOW_INSIGHTS_FLAG_RULES=\(error)")
            }
        }
        var interval = Duration.seconds(60)
        if let text = environment["MENTORFLOW_INSIGHTS_SWEEP_SECONDS"], !text.isEmpty {
            if let seconds = Double(text), seconds >= 0.1, seconds <= 86_400 {
                interval = .milliseconds(Int64(seconds * 1000))
            } else {
                problems.append("MENTORFLOW_INSIGHTS_SWEEP_SECONDS=\(text) must be a number of seconds in 0.1...86400")
            }
        }
        var settle = Duration.seconds(60)
        if let text = environment["MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS"], !text.isEmpty {
            if let seconds = Double(text), seconds >= 0, seconds <= 86_400 {
                settle = .milliseconds(Int64(seconds * 1000))
            } else {
                problems.append("MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS=\(text) must be a number of seconds in 0...86400")
            }
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return InsightsSettings(
            name: name, rules: rules, rulesSource: source, sweepInterval: interval, flagSettle: settle,
            storePath: dataDirectory.appendingPathComponent("\(name).sqlite").path)
    }
}
