import Codec
import Foundation
import Model
import Testing

@Suite struct RoundTripTests {
    @Test func sampleExistsForEveryEventType() {
        for type in EventType.allCases {
            #expect(Samples.data(for: type).eventType == type)
        }
    }

    @Test(arguments: EventType.allCases)
    func everyEventTypeRoundTrips(_ type: EventType) throws {
        let event = Samples.event(for: type)
        let decoded = try EventCodec.decode(EventCodec.encode(event)).get()
        #expect(decoded == event)
        #expect(EventCodec.encode(decoded) == EventCodec.encode(event), "encoding is deterministic")
        #expect(EventCodec.validate(event).isEmpty)
    }

    @Test func eventWithoutOptionalAttributesRoundTrips() throws {
        let event = CloudEvent(
            id: "e-1", source: "/mentorflow/ingest", time: Samples.time, subject: nil,
            data: .feedbackSubmitted(FeedbackSubmitted(sessionID: "S-1", learnerID: "L-1", feedback: Feedback(rating: nil, comment: ""))))
        let bytes = EventCodec.encode(event)
        let json = try JSONTree.object(bytes)
        #expect(json["subject"] == nil && json["traceparent"] == nil)
        #expect((json["data"] as? [String: Any])?["rating"] == nil)
        #expect(try EventCodec.decode(bytes).get() == event)
    }

    @Test func envelopeIsCloudEventsStructuredMode() throws {
        let event = Samples.event(for: .sessionCompleted)
        let json = try JSONTree.object(EventCodec.encode(event))
        #expect(json["specversion"] as? String == "1.0")
        #expect(json["type"] as? String == "mentorflow.session.completed")
        #expect(json["source"] as? String == "/mentorflow/test")
        #expect(json["subject"] as? String == "S-000001")
        #expect(json["time"] as? String == "2025-05-19T16:00:00.123Z")
        #expect(json["datacontenttype"] as? String == "application/json")
        #expect(json["traceparent"] as? String == Samples.traceparent)
        #expect(event.routingKey == "session.completed")
    }

    /// Locks the exact wire form of one event: a change here breaks every other service.
    @Test func wireFormatIsStable() {
        let event = CloudEvent(
            id: "e-1", source: "/mentorflow/ingest", time: Samples.time,
            data: .sessionCompleted(SessionCompleted(sessionID: "S-000001", actualDurationMin: 67, outcome: Samples.outcome)))
        let expected = """
            {"specversion":"1.0","id":"e-1","source":"/mentorflow/ingest","type":"mentorflow.session.completed",\
            "time":"2025-05-19T16:00:00.000Z","subject":"S-000001","datacontenttype":"application/json",\
            "data":{"session_id":"S-000001","actual_duration_min":67,"learner_attended":"Yes","mentor_prep":"Partial",\
            "follow_up_scheduled":true}}
            """
        #expect(String(decoding: EventCodec.encode(event), as: UTF8.self) == expected)
    }

    @Test func stringsWithEscapesAndUnicodeRoundTrip() throws {
        let comment = "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} hindi बहुत अच्छा emoji 👍🏽 /"
        let event = CloudEvent(
            id: "e", source: "/s", time: Samples.time,
            data: .feedbackSubmitted(FeedbackSubmitted(sessionID: "S", learnerID: "L", feedback: Feedback(rating: 5, comment: comment))))
        #expect(try EventCodec.decode(EventCodec.encode(event)).get() == event)
        let viaFoundation = try JSONTree.object(EventCodec.encode(event))["data"] as? [String: Any]
        #expect(viaFoundation?["comment"] as? String == comment, "the output is standard JSON")
    }

    @Test func timeIsKeptToTheMillisecond() throws {
        let event = CloudEvent(
            id: "e", source: "/s", time: Date(timeIntervalSince1970: 1_747_670_400.123_456_7),
            data: Samples.data(for: .sessionNoShow))
        #expect(event.time == Date(timeIntervalSince1970: 1_747_670_400.123))
        #expect(try EventCodec.decode(EventCodec.encode(event)).get() == event)
    }

    @Test func subjectIsTheSessionIDWhereThereIsOne() {
        #expect(Samples.event(for: .reminderDue).subject == "S-000001")
        let unrelated = Notification(
            id: "N-1", sessionID: nil, trigger: .escalationBreached, recipientRole: .leadership, channel: .slack,
            maskedRecipient: "#leadership")
        let event = CloudEvent(id: "e", source: "/s", time: Samples.time, data: .notificationSent(NotificationSent(notification: unrelated)))
        #expect(event.subject == nil)
    }

    @Test func batchRoundTrips() throws {
        let events = Samples.allEvents
        let results = try EventCodec.decodeBatch(EventCodec.encodeBatch(events)).get()
        #expect(try results.map { try $0.get() } == events)
        #expect(try EventCodec.decodeBatch(EventCodec.encodeBatch([])).get().isEmpty)
    }

    @Test func messagePropertiesMirrorTheEnvelope() {
        let event = Samples.event(for: .sessionScheduled)
        let properties = event.messageProperties
        #expect(properties.contentType == "application/cloudevents+json")
        #expect(properties.messageID == event.id)
        #expect(properties.type == "mentorflow.session.scheduled")
        #expect(properties.timestamp == event.time)
        #expect(properties.headers == ["traceparent": Samples.traceparent])
        #expect(Samples.event(for: .sessionScheduled, traceparent: nil).messageProperties.headers.isEmpty)
    }
}
