import ServiceKit

/// `PROBE_DELAY_MS`: how long the handler sleeps per event (default 0).
struct ProbeSettings: ServiceSettings {
    var delay: Duration

    init(reading reader: inout SettingsReader, configuration: ServiceConfiguration) {
        delay = .milliseconds(reader.integer("PROBE_DELAY_MS", default: 0 as Int, in: 0...60_000))
    }
}
