import Foundation
import IngestCore
import ServiceKit

/// Ingest's settings beyond ServiceKit's (see README, "Ingest configuration").
struct IngestSettings: ServiceSettings {
    var integrations: [Integration]
    var maxEventBodyBytes: Int
    var maxImportBodyBytes: Int
    var publishTimeout: Duration

    init(reading reader: inout SettingsReader, configuration: ServiceConfiguration) {
        let integrationsFile = "MENTORFLOW_INGEST_INTEGRATIONS_FILE"
        if reader.required(integrationsFile, hint: "a JSON list of integrations with api_key and optional signing_secret") != nil {
            integrations = reader.file(integrationsFile) { try Integration.load(from: $0.path) } ?? []
        } else {
            integrations = []
        }
        maxEventBodyBytes = reader.positiveInteger("MENTORFLOW_INGEST_MAX_EVENT_BYTES", default: 1 << 20)
        maxImportBodyBytes = reader.positiveInteger("MENTORFLOW_INGEST_MAX_IMPORT_BYTES", default: 2 << 30)
        publishTimeout = .milliseconds(reader.positiveInteger("MENTORFLOW_INGEST_PUBLISH_TIMEOUT_MS", default: 5_000))
    }
}
