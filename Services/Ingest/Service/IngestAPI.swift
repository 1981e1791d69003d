import AMQP
import Codec
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Logging
import Metrics
import ServiceKit
import ServiceLifecycle
import Synchronization

/// The HTTP door into MentorFlow: `POST /v1/events` (CloudEvents, one or a batch) and
/// `POST /v1/imports` (a session export as CSV). Nothing is answered as accepted before the
/// broker has confirmed it. As a `Service` it declares the exchanges at start and reports ready.
final class IngestAPI: Service {
    /// The routes, as the OpenAPI document (Services/Ingest/openapi.yaml) must list them.
    static let routes: [(method: String, path: String)] = [
        ("POST", "/v1/events"), ("POST", "/v1/imports"),
        ("GET", "/health/live"), ("GET", "/health/ready"), ("GET", "/metrics"),
    ]

    private let publisher: AMQPConnection
    private let exchanges: AMQPTopology
    private let events: AMQPEventPublisher
    private let authenticator: RequestAuthenticator
    private let settings: IngestSettings
    private let logger: Logger
    private let declared = Atomic<Bool>(false)

    init(publisher: AMQPConnection, exchanges: AMQPTopology, eventsExchange: String, settings: IngestSettings, logger: Logger) {
        self.publisher = publisher
        self.exchanges = exchanges
        events = AMQPEventPublisher(connection: publisher, exchange: eventsExchange, timeout: settings.publishTimeout)
        authenticator = RequestAuthenticator(integrations: settings.integrations)
        self.settings = settings
        self.logger = logger
    }

    var isReady: Bool { declared.load(ordering: .relaxed) && publisher.isConnected }

    func run() async throws {
        try await publisher.declare(exchanges)
        declared.store(true, ordering: .relaxed)
        try? await gracefulShutdown()
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/events") { request, _ in await self.postEvents(request) }
        router.post("/v1/imports") { request, _ in await self.postImport(request) }
    }

    // MARK: POST /v1/events

    func postEvents(_ request: Request) async -> Response {
        let integration: Integration
        switch authenticator.identify(authorization: request.headers[.authorization]) {
        case .failure(let failure): return unauthorized(failure)
        case .success(let found): integration = found
        }
        let contentType = request.headers[.contentType]
        guard let body = try? await request.body.collect(upTo: settings.maxEventBodyBytes) else {
            return problem(Problem(type: "too-large", title: "Body too large", status: 413,
                                   detail: "the body exceeds \(settings.maxEventBodyBytes) bytes (MENTORFLOW_INGEST_MAX_EVENT_BYTES); split the batch"))
        }
        let bytes = Array(body.readableBytesView)
        if let failure = authenticator.verify(
            integration, body: bytes, timestamp: request.headers[HTTPField.Name(RequestAuthenticator.timestampHeader)!],
            signature: request.headers[HTTPField.Name(RequestAuthenticator.signatureHeader)!]) {
            return unauthorized(failure)
        }
        let outcomes: [EventIntake.Outcome]
        let isBatch: Bool
        switch EventIntake.read(contentType: contentType, body: Data(bytes)) {
        case .failure(.unsupportedMediaType(let type)):
            return problem(Problem(type: "unsupported-media-type", title: "Unsupported content type", status: 415,
                                   detail: "got \(type ?? "none"); send \(EventCodec.contentType) or \(EventCodec.batchContentType)"))
        case .failure(.malformed(let error)):
            return problem(Problem(type: "invalid-events", title: "Body is not a batch of events", status: 400, detail: error.description))
        case .success(let read):
            outcomes = read.outcomes
            isBatch = read.batch
        }
        let accepted = outcomes.compactMap { if case .accepted(let event) = $0 { event } else { nil } }
        let rejected = outcomes.compactMap { outcome -> (index: Int, id: String?, problems: [ValidationProblem])? in
            if case .rejected(let index, let id, let problems) = outcome { (index, id, problems) } else { nil }
        }
        if accepted.isEmpty {
            let errors = rejected.flatMap { entry in
                entry.problems.map { Problem.FieldError(path: isBatch ? "[\(entry.index)]" + ($0.path.isEmpty ? "" : ".\($0.path)") : $0.path, message: $0.message) }
            }
            return problem(Problem(type: "invalid-events", title: "Invalid event", status: 400,
                                   detail: "\(errors.count) problem(s); nothing was published", errors: errors))
        }
        guard publisher.isConnected else { return brokerUnavailable("nothing was published") }
        do {
            try await events.publish(accepted)
        } catch {
            logger.error("publishing posted events failed", metadata: ["integration": "\(integration.name)", "error": "\(error)"])
            return brokerUnavailable("the broker did not confirm every event; post the same events again (their ids make the retry safe)")
        }
        Counter(label: "mentorflow_ingest_events_total", dimensions: [("integration", integration.name), ("outcome", "accepted")]).increment(by: accepted.count)
        Counter(label: "mentorflow_ingest_events_total", dimensions: [("integration", integration.name), ("outcome", "rejected")]).increment(by: rejected.count)
        let report = EventsReport(
            accepted: accepted.map(\.id),
            rejected: rejected.map { .init(index: $0.index, id: $0.id, errors: $0.problems.map { .init(path: $0.path, message: $0.message) }) })
        return json(rejected.isEmpty ? .accepted : .init(code: 207, reasonPhrase: "Multi-Status"), report)
    }

    struct EventsReport: Encodable {
        let accepted: [String]
        let rejected: [Rejection]
        struct Rejection: Encodable {
            let index: Int
            let id: String?
            let errors: [Problem.FieldError]
        }
    }

    // MARK: POST /v1/imports

    func postImport(_ request: Request) async -> Response {
        let integration: Integration
        switch authenticator.identify(authorization: request.headers[.authorization]) {
        case .failure(let failure): return unauthorized(failure)
        case .success(let found): integration = found
        }
        guard EventIntake.mediaType(request.headers[.contentType]) == "text/csv" else {
            return problem(Problem(type: "unsupported-media-type", title: "Unsupported content type", status: 415,
                                   detail: "got \(request.headers[.contentType] ?? "none"); send text/csv"))
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxImportBodyBytes {
            return problem(Problem(type: "too-large", title: "File too large", status: 413,
                                   detail: "\(length) bytes exceeds \(settings.maxImportBodyBytes) (MENTORFLOW_INGEST_MAX_IMPORT_BYTES)"))
        }
        guard publisher.isConnected else { return brokerUnavailable("nothing was published") }
        let limit = settings.maxImportBodyBytes
        let chunks = LimitedChunks(body: request.body, limit: limit)
        do {
            let report = try await CSVImport(publisher: events).run(chunks)
            logger.info("import finished", metadata: [
                "integration": "\(integration.name)", "rows": "\(report.rowsRead)", "accepted": "\(report.rowsAccepted)",
                "rejected": "\(report.rowsRejected)", "events": "\(report.eventsPublished)",
            ])
            return json(.ok, report)
        } catch ImportFailure.rejectedFile(let problem) {
            return self.problem(Problem(type: "invalid-csv", title: "The file cannot be imported", status: 400,
                                        detail: "\(problem); nothing was published",
                                        errors: [.init(line: problem.line, column: problem.column, message: problem.message)]))
        } catch ImportFailure.publishFailed(let report, let error) {
            if error is LimitedChunks.TooLarge {
                return problem(Problem(type: "too-large", title: "File too large", status: 413,
                                       detail: "more than \(limit) bytes; \(report.rowsAccepted) rows before the limit were published; split the file"))
            }
            logger.error("import stopped: broker unavailable", metadata: ["error": "\(error)", "published": "\(report.eventsPublished)"])
            return brokerUnavailable("the import stopped after \(report.eventsPublished) confirmed events; import the same file again (its event ids are fixed, nothing doubles)")
        } catch {
            return brokerUnavailable("\(error)")
        }
    }

    // MARK: Responses

    private func unauthorized(_ failure: RequestAuthenticator.Failure) -> Response {
        var response = problem(Problem(type: "unauthorized", title: "Not authenticated", status: 401, detail: failure.detail))
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    private func brokerUnavailable(_ detail: String) -> Response {
        var response = problem(Problem(type: "broker-unavailable", title: "Event bus unavailable", status: 503, detail: detail))
        response.headers[.retryAfter] = "5"
        return response
    }

    private func problem(_ problem: Problem) -> Response {
        Response(status: .init(code: problem.status), headers: [.contentType: Problem.contentType],
                 body: .init(byteBuffer: ByteBuffer(bytes: problem.json)))
    }

    private func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The request body as byte arrays, failing once more than `limit` bytes arrived.
struct LimitedChunks: AsyncSequence {
    typealias Element = [UInt8]
    struct TooLarge: Error {}
    let body: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var inner: RequestBody.AsyncIterator
        let limit: Int
        var seen = 0
        mutating func next() async throws -> [UInt8]? {
            guard let buffer = try await inner.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw TooLarge() }
            return Array(buffer.readableBytesView)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inner: body.makeAsyncIterator(), limit: limit) }
}

