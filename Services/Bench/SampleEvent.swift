import AMQP
import Codec
import Foundation
import Model

/// The message every benchmark publishes: a realistic `feedback.submitted` CloudEvent of about
/// 600 bytes (the size the librabbitmq baselines in the notes were measured with), so the figures
/// speak for the events MentorFlow actually carries rather than for a 10-byte toy body.
enum SampleEvent {
    /// The learner's comment is sized so the encoded event comes out at ~600 bytes.
    private static let comment = """
        Mentor explained sliding window and two pointers with clear dry runs; we solved three \
        array problems together and I finally see why my off-by-one errors happen. Notes on \
        linked lists will be shared over email. Audio dropped twice, otherwise a great session ✅
        """
    private static let baseTime = Date(timeIntervalSince1970: 1_747_670_400)
    private static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    /// Event `number` of a run: a distinct id and time per message, as a real producer would send.
    static func event(runID: String, number: Int) -> CloudEvent {
        CloudEvent(
            id: "evt-bench-\(runID)-\(number)",
            source: "/mentorflow/ingest",
            time: baseTime.addingTimeInterval(Double(number) / 1000),
            traceparent: traceparent,
            data: .feedbackSubmitted(FeedbackSubmitted(
                sessionID: "S-004217", learnerID: "L-0106",
                feedback: Feedback(rating: 4, comment: comment))))
    }

    /// The same event encoded once, for the raw loops: they send byte-for-byte the body and
    /// properties services send through ServiceKit's `AMQPEventPublisher` (ids differ only in
    /// their number) but spend nothing on encoding. `RawMessageTemplate.check(against:)` keeps
    /// this honest should the publisher's mapping change.
    static func rawTemplate(runID: String) -> RawMessageTemplate {
        let event = event(runID: runID, number: 0)
        let properties = event.messageProperties
        return RawMessageTemplate(
            body: Array(EventCodec.encode(event)),
            routingKey: event.routingKey,
            contentType: properties.contentType,
            messageIDPrefix: "evt-bench-\(runID)-raw-",
            type: properties.type,
            timestamp: UInt64(properties.timestamp.timeIntervalSince1970),
            appID: event.source,
            traceparent: properties.headers["traceparent"])
    }
}

/// Everything the raw loops need to build the message on the wire; plain values, so it can be
/// handed to the loop's own thread.
struct RawMessageTemplate: Sendable {
    let body: [UInt8]
    let routingKey: String
    let contentType: String
    /// Each raw message gets `prefix + number` as its id, like the async messages do.
    let messageIDPrefix: String
    let type: String
    let timestamp: UInt64
    let appID: String?
    let traceparent: String?

    /// Fails when `message` (what `AMQPEventPublisher` makes of event 0) is not what the raw loops
    /// send, so the two sides never compare different work.
    func check(against message: AMQPOutgoingMessage) throws {
        let properties = message.properties
        let same = message.body == body && message.routingKey == routingKey && message.mandatory
            && properties.contentType == contentType && properties.type == type
            && properties.timestamp == timestamp && properties.appID == appID
            && properties.headers == (traceparent.map { ["traceparent": .string($0)] } ?? [:])
            && properties.correlationID == nil && properties.expiration == nil
        guard same else {
            throw BenchError("the raw loops' message no longer matches AMQPEventPublisher's: update SampleEvent.rawTemplate")
        }
    }
}
