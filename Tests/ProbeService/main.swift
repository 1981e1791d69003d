import Codec
import Foundation
import Model
import ServiceKit

/// A minimal service built exactly like the real ones, for tests that run a service as a
/// process: it turns `feedback.submitted` into `session.flagged`, optionally slowly
/// (`PROBE_DELAY_MS`), so tests can watch SIGTERM drain in-flight work.
struct ProbeHandler: EventHandler {
    let delay: Duration

    var subscriptions: Set<EventType> { [.feedbackSubmitted] }

    func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        guard case .feedbackSubmitted(let feedback) = event.data else { return [] }
        try? await Task.sleep(for: delay)
        let level: FlagLevel = (feedback.feedback.rating ?? 5) <= 2 ? .red : .green
        return [Emission(.sessionFlagged(SessionFlagged(sessionID: feedback.sessionID, flag: Flag(level: level, reasons: level == .red ? [.lowRating] : []))))]
    }
}

let environment = ProcessInfo.processInfo.environment
let name = environment["PROBE_NAME"] ?? "probe"
let configuration = ServiceRuntime.configure(serviceName: name, defaultHTTPPort: 8099)
let runtime = ServiceRuntime(configuration: configuration)
let consumer = try runtime.eventConsumer(handler: ProbeHandler(delay: .milliseconds(Int(environment["PROBE_DELAY_MS"] ?? "0") ?? 0)))
try await runtime.run(services: [consumer], isReady: { consumer.isReady })
