import ArgumentParser
import Codec
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where `import` and `publish` send things: the ingest HTTP API (default) or, with `--amqp`,
/// straight to the broker (for operators on the broker's machine; no API key involved).
struct IngestClientOptions: ParsableArguments {
    @Option(help: "Ingest API base URL (default: $MENTORFLOW_INGEST_URL or http://127.0.0.1:8081).")
    var ingestURL: String?
    @Option(help: "API key (default: $MENTORFLOW_API_KEY).")
    var apiKey: String?
    @Flag(help: "Publish straight to the broker ($MENTORFLOW_AMQP_URL or --url) instead of the HTTP API.")
    var amqp = false
    @Option(help: "With --amqp: the events exchange (default: $MENTORFLOW_EVENTS_EXCHANGE or mentorflow.events).")
    var exchange: String?

    var eventsExchange: String {
        exchange ?? ProcessInfo.processInfo.environment["MENTORFLOW_EVENTS_EXCHANGE"] ?? Topology.eventsExchange
    }

    var baseURL: String {
        ingestURL ?? ProcessInfo.processInfo.environment["MENTORFLOW_INGEST_URL"] ?? "http://127.0.0.1:8081"
    }

    func key() throws -> String {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["MENTORFLOW_API_KEY"], !key.isEmpty else {
            throw ValidationError("no API key: pass --api-key or set MENTORFLOW_API_KEY (or use --amqp)")
        }
        return key
    }

    /// POSTs `body` (in memory) or the file at `file` (streamed from disk) and returns status and body.
    func post(path: String, contentType: String, body: Data? = nil, file: URL? = nil) async throws -> (status: Int, body: Data) {
        guard let url = URL(string: baseURL + path) else { throw ValidationError("invalid ingest URL \(baseURL)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = 3_600
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(try key())", forHTTPHeaderField: "Authorization")
        let (data, response): (Data, URLResponse)
        if let file {
            (data, response) = try await URLSession.shared.upload(for: request, fromFile: file)
        } else {
            (data, response) = try await URLSession.shared.upload(for: request, from: body ?? Data())
        }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
