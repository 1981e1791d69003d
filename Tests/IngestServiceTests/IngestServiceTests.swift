import AMQP
import Codec
import Foundation
import IngestCore
import MentorFlowTesting
import Model
import ServiceKit
import Synchronization
import Testing
import TestSupport

/// `mentorflow-ingest` as a process against the real broker: every answer of the API.
@Suite struct IngestServiceTests {
    static let lmsKey = "lms-key-0123456789abcdef"
    static let opsKey = "ops-key-0123456789abcdef"
    static let lmsSecret = "lms-signing-secret"
    static var sample: URL { TestBroker.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/sessions_sample.csv") }

    /// A running ingest service with its own exchange and a probe capturing everything it publishes.
    struct Ingest {
        let harness: ServiceHarness
        var base: String { harness.baseURL }
        var exchange: String { harness.exchange }
        var output: String { harness.output }

        init(configuration: AMQPConfiguration? = nil, amqpURL: String? = nil, extra: [String: String] = [:]) async throws {
            let name = ServiceHarness.uniqueServiceName("ingest")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(name)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let integrations = directory.appendingPathComponent("integrations.json")
            try """
            [{"name": "lms", "api_key": "\(IngestServiceTests.lmsKey)", "signing_secret": "\(IngestServiceTests.lmsSecret)"},
             {"name": "ops", "api_key": "\(IngestServiceTests.opsKey)"}]
            """.write(to: integrations, atomically: true, encoding: .utf8)
            var settings = [
                "MENTORFLOW_INGEST_INTEGRATIONS_FILE": integrations.path, "MENTORFLOW_INGEST_MAX_EVENT_BYTES": "65536",
                "MENTORFLOW_INGEST_PUBLISH_TIMEOUT_MS": "3000",
            ]
            settings["MENTORFLOW_AMQP_URL"] = amqpURL
            harness = try await ServiceHarness.start(
                "mentorflow-ingest", name: name, extra: settings.merging(extra) { $1 }, observing: EventType.allCases,
                broker: configuration, reconnect: ReconnectPolicy(maximumDelay: .milliseconds(500)))
        }

        func post(_ path: String, key: String? = IngestServiceTests.opsKey, contentType: String, body: Data, headers: [String: String] = [:]) async -> (status: Int, headers: [String: String], body: String)? {
            var all = headers
            all["Content-Type"] = contentType
            if let key { all["Authorization"] = "Bearer \(key)" }
            return await HTTPProbe.send("POST", base + path, headers: all, body: body)
        }

        /// Every event the service published so far (at least `count`).
        func published(atLeast count: Int = 0, timeout: Duration = .seconds(120)) async throws -> [CloudEvent] {
            try await harness.collect(atLeast: count, timeout: timeout)
        }

        func stop() async {
            _ = await harness.stop()
            await harness.close()
        }
    }

    static func feedback(id: String, rating: Int = 2, session: String = "S-1") -> CloudEvent {
        EventFixtures.event(
            .feedbackSubmitted(EventFixtures.feedbackSubmitted(session: session, rating: rating, comment: "audio kept cutting")), id: id, source: "/lms",
            time: Date())
    }

    static func json(_ body: String) -> Data { Data(body.utf8) }

    @Test func everyAnswerOfPostEvents() async throws {
        let ingest = try await Ingest()
        let event = Self.feedback(id: "evt-1")
        let body = EventCodec.encode(event)

        #expect(await ingest.post("/v1/events", key: nil, contentType: EventCodec.contentType, body: body)?.status == 401)
        let wrongKey = await ingest.post("/v1/events", key: "wrong-key-0123456789", contentType: EventCodec.contentType, body: body)
        #expect(wrongKey?.status == 401)
        #expect(wrongKey?.headers["content-type"] == "application/problem+json")
        #expect(await ingest.post("/v1/events", contentType: "application/json", body: body)?.status == 415)
        let huge = Data(repeating: UInt8(ascii: " "), count: 70_000)
        #expect(await ingest.post("/v1/events", contentType: EventCodec.contentType, body: huge)?.status == 413)

        let invalid = await ingest.post("/v1/events", contentType: EventCodec.contentType, body: Self.json(
            #"{"specversion":"1.0","id":"bad","source":"/lms","type":"mentorflow.feedback.submitted","time":"2025-05-19T16:00:00Z","data":{"session_id":"S-1","learner_id":"L-1","rating":7}}"#))
        #expect(invalid?.status == 400)
        #expect(invalid?.body.contains(#""path":"data.rating""#) == true)
        #expect(invalid?.body.contains("7 is outside 1...5") == true)
        #expect(invalid?.body.contains(#""path":"data.comment""#) == true, "every problem, not just the first")
        let derived = CloudEvent(id: "x", source: "/lms", time: Date(), data: .sessionFlagged(SessionFlagged(sessionID: "S-1", flag: Flag(level: .red, reasons: [.lowRating]))))
        #expect(await ingest.post("/v1/events", contentType: EventCodec.contentType, body: EventCodec.encode(derived))?.status == 400)

        let accepted = await ingest.post("/v1/events", contentType: EventCodec.contentType, body: body)
        #expect(accepted?.status == 202)
        #expect(accepted?.body.contains(#""accepted":["evt-1"]"#) == true)

        var batch = Array(EventCodec.encodeBatch([Self.feedback(id: "evt-2"), Self.feedback(id: "evt-3", rating: 3)]).dropLast())
        batch += Array(#",{"specversion":"1.0","id":"evt-bad","source":"/lms","type":"mentorflow.session.teleported","time":"2025-05-19T16:00:00Z","data":{}}]"#.utf8)
        let mixed = await ingest.post("/v1/events", contentType: EventCodec.batchContentType, body: Data(batch))
        #expect(mixed?.status == 207)
        #expect(mixed?.body.contains(#""accepted":["evt-2","evt-3"]"#) == true)
        #expect(mixed?.body.contains(#""index":2"#) == true)
        #expect(mixed?.body.contains("session.teleported") == true)

        let published = try await ingest.published(atLeast: 3)
        #expect(Set(published.map(\.id)) == ["evt-1", "evt-2", "evt-3"], "exactly the accepted events reached the bus")
        #expect(published.first { $0.id == "evt-1" } == event)
        await ingest.stop()
        #expect(!ingest.output.contains(Self.opsKey), "API keys are never logged")
    }

    @Test func signedIntegrationsNeedAFreshValidSignature() async throws {
        let ingest = try await Ingest()
        let body = EventCodec.encode(Self.feedback(id: "signed-1"))
        let now = String(Int(Date().timeIntervalSince1970))
        let good = RequestAuthenticator.signature(secret: Self.lmsSecret, timestamp: now, body: Array(body))
        func post(timestamp: String?, signature: String?) async -> Int? {
            var headers: [String: String] = [:]
            headers[RequestAuthenticator.timestampHeader] = timestamp
            headers[RequestAuthenticator.signatureHeader] = signature
            return await ingest.post("/v1/events", key: Self.lmsKey, contentType: EventCodec.contentType, body: body, headers: headers)?.status
        }
        #expect(await post(timestamp: nil, signature: nil) == 401, "this integration must sign")
        #expect(await post(timestamp: now, signature: "sha256=" + String(repeating: "0", count: 64)) == 401)
        let tampered = RequestAuthenticator.signature(secret: Self.lmsSecret, timestamp: now, body: Array("{}".utf8))
        #expect(await post(timestamp: now, signature: tampered) == 401, "the signature covers the body")
        let old = String(Int(Date().timeIntervalSince1970) - 3_600)
        let replay = RequestAuthenticator.signature(secret: Self.lmsSecret, timestamp: old, body: Array(body))
        #expect(await post(timestamp: old, signature: replay) == 401, "a correctly signed but stale request is a replay")
        #expect(await post(timestamp: now, signature: good) == 202)
        await ingest.stop()
        #expect(!ingest.output.contains(Self.lmsSecret))
    }

    @Test func csvImportOfTheSampleAndReimportPublishTheSameEvents() async throws {
        let ingest = try await Ingest()
        let csv = try Data(contentsOf: Self.sample)
        let first = await ingest.post("/v1/imports", contentType: "text/csv", body: csv)
        #expect(first?.status == 200, "\(first?.body ?? "no answer")")
        let report = try JSONDecoder().decode(ImportReport.self, from: Data((first?.body ?? "").utf8))
        #expect(report.rowsRead == 600)
        #expect(report.rowsAccepted == 600)
        let events = try await ingest.published(atLeast: report.eventsPublished)
        #expect(events.count == report.eventsPublished)
        #expect(events.filter { $0.eventType == .sessionCompleted }.count == 393)

        let second = await ingest.post("/v1/imports", contentType: "text/csv", body: csv)
        #expect(second?.status == 200)
        let again = try await ingest.published(atLeast: report.eventsPublished)
        #expect(Set(again.map(\.id)) == Set(events.map(\.id)), "re-import: same ids, so downstream inboxes drop the copies")

        let badHeader = await ingest.post("/v1/imports", contentType: "text/csv", body: Self.json("session_id,program,colour\nS-1,P,red\n"))
        #expect(badHeader?.status == 400)
        #expect(badHeader?.body.contains("unknown column: 'colour'") == true)
        #expect(await ingest.post("/v1/imports", contentType: "application/json", body: csv)?.status == 415)
        #expect(await ingest.post("/v1/imports", key: nil, contentType: "text/csv", body: csv)?.status == 401)
        #expect(try await ingest.published(timeout: .milliseconds(300)).isEmpty, "nothing published by rejected imports")
        await ingest.stop()
    }

    @Test func everyDocumentedRouteIsServed() async throws {
        let ingest = try await Ingest()
        for line in try String(contentsOf: TestBroker.repositoryRoot.appendingPathComponent("Services/Ingest/openapi.yaml"), encoding: .utf8)
            .split(separator: "\n") where line.hasPrefix("  /") {
            let path = line.dropFirst(2).dropLast()
            let method = path.hasPrefix("/v1/") ? "POST" : "GET"
            let status = await HTTPProbe.send(method, ingest.base + path, headers: ["Authorization": "Bearer \(Self.opsKey)"])?.status
            #expect(status != nil && status != 404, "\(method) \(path) answered \(status.map(String.init) ?? "nothing")")
        }
        await ingest.stop()
    }
}
