import Foundation

/// Turns events into bytes and back: the only code in MentorFlow that touches raw JSON.
///
/// Decoding never traps and never throws: any input, however broken, becomes an
/// `EventDecodingError` value that lists every problem, ready to go to a dead-letter
/// queue as the reason.
public enum EventCodec {
    /// The AMQP `content-type` of one event (CloudEvents structured mode).
    public static let contentType = "application/cloudevents+json"
    /// The `content-type` of a JSON array of events.
    public static let batchContentType = "application/cloudevents-batch+json"

    /// The event as compact JSON. Times are written in UTC with milliseconds.
    public static func encode(_ event: CloudEvent) -> Data {
        var writer = JSONWriter()
        event.write(to: &writer)
        return Data(writer.bytes)
    }

    /// The events as one JSON array.
    public static func encodeBatch(_ events: [CloudEvent]) -> Data {
        var writer = JSONWriter(capacity: 1024 * max(events.count, 1))
        writer.array { array in
            for event in events {
                array.element { event.write(to: &$0) }
            }
        }
        return Data(writer.bytes)
    }

    public static func decode(_ bytes: Data) -> Result<CloudEvent, EventDecodingError> {
        parse(bytes).flatMap(CloudEvent.read)
    }

    /// Decodes a JSON array of events, each on its own: one bad element does not spoil
    /// the others. Fails as a whole only when the body is not a JSON array.
    public static func decodeBatch(_ bytes: Data) -> Result<[Result<CloudEvent, EventDecodingError>], EventDecodingError> {
        parse(bytes).flatMap { json in
            guard case .array(let elements) = json else {
                let problem = ValidationProblem(path: "", message: "expected a JSON array, got \(json.typeName)")
                return .failure(EventDecodingError(kind: .notAnArray, problems: [problem]))
            }
            return .success(elements.map(CloudEvent.read))
        }
    }

    /// The problems a consumer would report for this event; empty when it is valid.
    /// Publishers call it to catch their own mistakes before sending (an `EventData`
    /// built in code can hold a rating of 7; the types do not prevent it).
    public static func validate(_ event: CloudEvent) -> [ValidationProblem] {
        switch decode(encode(event)) {
        case .success: []
        case .failure(let error): error.problems
        }
    }

    private static func parse(_ bytes: Data) -> Result<JSONValue, EventDecodingError> {
        JSONParser.parse(bytes).mapError { EventDecodingError(syntaxError: $0, in: bytes) }
    }
}
