import Foundation
import IngestCore
import ServiceKit

let configuration = ServiceRuntime.configure(serviceName: "ingest", defaultHTTPPort: 8081)
let settings: IngestSettings
do {
    settings = try IngestSettings.fromEnvironment(ServiceRuntime.settings(program: "mentorflow-ingest"))
} catch {
    FileHandle.standardError.write(Data("mentorflow-ingest: \(error)\n".utf8))
    exit(78)
}
let runtime = ServiceRuntime(configuration: configuration, consumes: false)
let api = IngestAPI(
    publisher: runtime.publisher, exchanges: ServiceQueues.exchanges(events: configuration.eventsExchange, deadLetter: configuration.deadLetterExchange),
    eventsExchange: configuration.eventsExchange, settings: settings, logger: runtime.logger)
try await runtime.run(services: [api], isReady: { api.isReady }, routes: api.addRoutes)
