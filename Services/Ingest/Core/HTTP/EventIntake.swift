import Codec
import Foundation
import Model

/// What `POST /v1/events` makes of a body, before anything is published: one event or a batch,
/// each either accepted or rejected with its problems by JSON path.
public enum EventIntake {
    /// Event types that enter MentorFlow from outside (the LMS, a mentor's review, a PM's click
    /// in another tool). Everything else is derived inside and refused here.
    public static let acceptedTypes: Set<EventType> = [
        .sessionScheduled, .sessionCompleted, .sessionNoShow, .sessionCancelled, .sessionRescheduled,
        .feedbackSubmitted, .transcriptSubmitted, .preworkSubmitted, .summaryApproved, .escalationAcknowledged,
    ]

    public enum Outcome: Sendable {
        case accepted(CloudEvent)
        case rejected(index: Int, id: String?, problems: [ValidationProblem])
    }

    public enum Failure: Error, Sendable {
        case unsupportedMediaType(String?)
        case malformed(EventDecodingError)
    }

    public static func read(contentType: String?, body: Data) -> Result<(batch: Bool, outcomes: [Outcome]), Failure> {
        switch mediaType(contentType) {
        case EventCodec.contentType:
            return .success((false, [outcome(EventCodec.decode(body), index: 0, body: body)]))
        case EventCodec.batchContentType:
            switch EventCodec.decodeBatch(body) {
            case .failure(let error):
                return .failure(.malformed(error))
            case .success(let results):
                return .success((true, results.enumerated().map { outcome($1, index: $0, body: nil) }))
            }
        default:
            return .failure(.unsupportedMediaType(contentType))
        }
    }

    /// The media type of a Content-Type header, without parameters, lowercased
    /// (`Text/CSV; charset=utf-8` → `text/csv`).
    public static func mediaType(_ contentType: String?) -> String? {
        contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    private static func outcome(_ result: Result<CloudEvent, EventDecodingError>, index: Int, body: Data?) -> Outcome {
        switch result {
        case .success(let event) where acceptedTypes.contains(event.eventType):
            return .accepted(event)
        case .success(let event):
            return .rejected(index: index, id: event.id, problems: [ValidationProblem(
                path: "type", message: "\(event.type) is derived inside MentorFlow and cannot be posted; accepted: \(acceptedTypes.map(\.cloudEventType).sorted().joined(separator: ", "))")])
        case .failure(let error):
            let problems = error.problems.isEmpty ? [ValidationProblem(path: "", message: error.description)] : error.problems
            return .rejected(index: index, id: nil, problems: problems)
        }
    }
}
