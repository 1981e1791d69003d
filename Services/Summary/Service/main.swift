import Foundation
import ServiceKit
import SummaryCore

// mentorflow-summary: session summaries, transcript notes with action items, pre-session agendas.
// Reads ServiceKit's configuration (README, Configuration) plus MENTORFLOW_SUMMARY_NAME (queue,
// inbox and store name, default "summary"). Its store is <data dir>/<name>.sqlite.
let environment = ServiceRuntime.settings(program: "mentorflow-summary")
let name = environment["MENTORFLOW_SUMMARY_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "summary"
let configuration = ServiceRuntime.configure(serviceName: name, defaultHTTPPort: 8083)
let store: SummaryStore
do {
    store = try SummaryStore(directory: configuration.dataDirectory, name: name)
} catch {
    FileHandle.standardError.write(Data("mentorflow-summary: cannot open the store in \(configuration.dataDirectory.path): \(error)\n".utf8))
    exit(73)
}
let runtime = ServiceRuntime(configuration: configuration)
let consumer = try runtime.eventConsumer(handler: SummaryHandler(engine: SummaryEngine(store: store, name: name)))
try await runtime.run(services: [consumer], isReady: { consumer.isReady })
