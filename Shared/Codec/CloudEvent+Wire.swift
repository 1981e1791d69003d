import Foundation
import Model

/// The CloudEvents envelope on the wire: attribute names, checks, and the order written.
extension CloudEvent {
    private enum Fields {
        static let specversion: Field<String> = .required("specversion", .name)
        static let id: Field<String> = .required("id", .text(maxLength: 256, allowEmpty: false))
        static let source: Field<String> = .required("source", .uriReference)
        static let type: Field<String> = .required("type", .name)
        static let time: Field<Date> = .required("time", .timestamp)
        static let subject: Field<String> = .optional("subject", .text(maxLength: 256, allowEmpty: false))
        static let datacontenttype: Field<String> = .optional("datacontenttype", .name)
        static let traceparent: Field<String> = .optional("traceparent", .traceparent)

        static func data(_ type: EventType) -> Field<EventData> {
            .required("data", .object(read: { EventData.read(type, from: $0) }, write: { $0.wirePayload.write(to: &$1) }))
        }
    }

    func write(to writer: inout JSONWriter) {
        writer.object { members in
            members.write(Fields.specversion, specversion)
            members.write(Fields.id, id)
            members.write(Fields.source, source)
            members.write(Fields.type, type)
            members.write(Fields.time, time)
            members.write(Fields.subject, subject)
            members.write(Fields.datacontenttype, datacontenttype)
            members.write(Fields.traceparent, traceparent)
            members.write(Fields.data(eventType), data)
        }
    }

    /// Reads and checks an event, collecting every problem. Unknown attributes
    /// (other CloudEvents extensions) are ignored.
    static func read(_ json: JSONValue) -> Result<CloudEvent, EventDecodingError> {
        guard case .object(let members) = json else {
            let problem = ValidationProblem(path: "", message: "expected a JSON object, got \(json.typeName)")
            return .failure(EventDecodingError(kind: .notAnObject, problems: [problem]))
        }
        let log = ProblemLog()
        let reader = ObjectReader(members: members, path: "", log: log)
        var kind = EventDecodingError.Kind.invalid

        let specversion = reader.read(Fields.specversion)
        if let specversion, specversion.split(separator: ".").first != "1" {
            log.report(member: Fields.specversion.name, "\(quoted(specversion)) is not supported; expected \(specVersion)")
            kind = .unsupportedSpecVersion(specversion)
        }
        let id = reader.read(Fields.id)
        let source = reader.read(Fields.source)
        let typeName = reader.read(Fields.type)
        let eventType = typeName.flatMap(EventType.init(cloudEventType:))
        if let typeName, eventType == nil {
            log.report(member: Fields.type.name, "\(quoted(typeName)) is not a MentorFlow event type")
            if kind == .invalid { kind = .unknownEventType(typeName) }
        }
        let time = reader.read(Fields.time)
        let subject = reader.read(Fields.subject)
        if let contentType = reader.read(Fields.datacontenttype), !isJSON(contentType) {
            log.report(member: Fields.datacontenttype.name, "\(quoted(contentType)) is not supported; expected \(dataContentType)")
        }
        let traceparent = reader.read(Fields.traceparent)
        let data = eventType.flatMap { reader.read(Fields.data($0)) }

        guard log.isEmpty, let id, let source, let time, let data else {
            return .failure(EventDecodingError(kind: kind, problems: log.problems))
        }
        return .success(CloudEvent(id: id, source: source, time: time, subject: subject, traceparent: traceparent, data: data))
    }

    /// `application/json`, with or without parameters such as `; charset=utf-8`.
    private static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == dataContentType
    }
}
