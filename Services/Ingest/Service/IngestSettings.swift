import Foundation
import IngestCore
import ServiceKit

/// Ingest's settings beyond ServiceKit's (see README, "Ingest configuration").
struct IngestSettings: Sendable {
    var integrations: [Integration]
    var maxEventBodyBytes: Int
    var maxImportBodyBytes: Int
    var publishTimeout: Duration

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> IngestSettings {
        var problems: [String] = []
        var integrations: [Integration] = []
        if let path = environment["MENTORFLOW_INGEST_INTEGRATIONS_FILE"], !path.isEmpty {
            do {
                integrations = try Integration.load(from: path)
            } catch {
                problems.append("MENTORFLOW_INGEST_INTEGRATIONS_FILE=\(path): \(error)")
            }
        } else {
            problems.append("MENTORFLOW_INGEST_INTEGRATIONS_FILE is required (a JSON list of integrations with api_key and optional signing_secret)")
        }
        func integer(_ key: String, _ fallback: Int) -> Int {
            guard let text = environment[key], !text.isEmpty else { return fallback }
            guard let value = Int(text), value > 0 else {
                problems.append("\(key)=\(text) must be a positive whole number")
                return fallback
            }
            return value
        }
        let settings = IngestSettings(
            integrations: integrations,
            maxEventBodyBytes: integer("MENTORFLOW_INGEST_MAX_EVENT_BYTES", 1 << 20),
            maxImportBodyBytes: integer("MENTORFLOW_INGEST_MAX_IMPORT_BYTES", 2 << 30),
            publishTimeout: .milliseconds(integer("MENTORFLOW_INGEST_PUBLISH_TIMEOUT_MS", 5_000)))
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return settings
    }
}
