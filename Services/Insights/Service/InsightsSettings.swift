import Foundation
import InsightsCore
import InsightsWeb
import ServiceKit

/// The insights service's own settings (beside ServiceKit's), read from the environment or the
/// `MENTORFLOW_CONFIG_FILE` values; documented in README, Configuration.
struct InsightsSettings: ServiceSettings {
    var rules: FlagRules
    /// Where the rules came from ("built-in defaults" or the file's path), for the start log.
    var rulesSource: String
    var sweepInterval: Duration
    /// How long a level must hold before it is published (`session.flagged`); zero = the next sweep.
    var flagSettle: Duration
    /// The dashboard's and API's settings and users (off without a users file).
    var web: InsightsWebSettings

    init(reading reader: inout SettingsReader, configuration: ServiceConfiguration) {
        let rulesVariable = "MENTORFLOW_INSIGHTS_FLAG_RULES"
        if let path = reader.raw(rulesVariable), let rules = reader.file(rulesVariable, { try FlagRules.load(file: $0) }) {
            self.rules = rules
            rulesSource = path
        } else {
            rules = .default
            rulesSource = "built-in defaults (Services/Insights/flag-rules.json)"
        }
        sweepInterval = reader.seconds("MENTORFLOW_INSIGHTS_SWEEP_SECONDS", default: .seconds(60), in: 0.1...86_400)
        flagSettle = reader.seconds("MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS", default: .seconds(60), in: 0...86_400)
        web = InsightsWebSettings(reading: &reader)
    }
}
