import AMQP
import Codec
import Foundation
import IngestCore
import Testing
import TestSupport

/// The broker goes away under the ingest service (a broker of this test's own, so other tests
/// are not disturbed): it answers 503 instead of accepting what it cannot deliver, and once the
/// client retries after the broker is back, nothing is lost and nothing doubles.
@Suite(.serialized) struct BrokerOutageTests {
    static func csv(rows: Int) -> Data {
        var text = "session_id,program,batch,mentor_id,mentor_name,pm_cluster,learner_id,learner_name,learner_email,session_type,scheduled_at,scheduled_duration_min,actual_duration_min,status,learner_attended,mentor_prep,rating,feedback,follow_up_scheduled\n"
        for index in 0..<rows {
            text += "S-\(100_000 + index),Data Science,DS-Sep25,M-004,Naveen Qureshi,cluster-a,L-\(index % 500),Jyoti Sharma,jyoti\(index % 500)@example.com,Mock Interview,2025-09-22T20:00:00+05:30,45,51,Completed,Yes,Partial,4,\"Good mock, tough questions\",No\n"
        }
        return Data(text.utf8)
    }

    @Test func brokerStoppedMidRequestGives503AndTheRetryLosesNothing() async throws {
        let broker = PrivateBroker(portOffset: 101, name: "ingest-outage")
        let configuration = try broker.start()
        defer { try? broker.stop() }
        let ingest = try await IngestServiceTests.Ingest(configuration: configuration, amqpURL: try broker.url())

        let before = IngestServiceTests.feedback(id: "before-outage")
        #expect(await ingest.post("/v1/events", contentType: EventCodec.contentType, body: EventCodec.encode(before))?.status == 202)

        let rows = 20_000
        let file = Self.csv(rows: rows)
        let importing = Task { await ingest.post("/v1/imports", contentType: "text/csv", body: file) }
        try await Task.sleep(for: .milliseconds(400))
        try broker.stop()
        let interrupted = await importing.value
        #expect(interrupted?.status == 503, "the import could not finish: \(interrupted?.body.prefix(300) ?? "no answer")")
        #expect(interrupted?.headers["retry-after"] != nil)

        let during = IngestServiceTests.feedback(id: "during-outage")
        let refused = await ingest.post("/v1/events", contentType: EventCodec.contentType, body: EventCodec.encode(during))
        #expect(refused?.status == 503)
        #expect(await HTTPProbe.get("\(ingest.base)/health/ready")?.status == 503)

        try broker.start()
        #expect(await HTTPProbe.waitFor200("\(ingest.base)/health/ready"), "ingest reconnects by itself")
        #expect(await ingest.post("/v1/events", contentType: EventCodec.contentType, body: EventCodec.encode(during))?.status == 202)
        let retried = await ingest.post("/v1/imports", contentType: "text/csv", body: file)
        #expect(retried?.status == 200)

        let events = try await ingest.published(atLeast: rows * 3 + 2, timeout: .seconds(60))
        let ids = Set(events.map(\.id))
        #expect(ids.contains("before-outage"))
        #expect(ids.contains("during-outage"))
        #expect(ids.count == rows * 3 + 2, "every row's three events, once each by id (copies share ids)")
        await ingest.stop()
    }
}
