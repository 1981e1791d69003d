import Codec
import Foundation
import Model
import SystemContracts
import Testing

/// Holds the AsyncAPI document to the codec: a channel, message and data schema for
/// exactly the events `EventType` has, with the fields, required lists, enums and ranges
/// the codec actually uses; and its operations to the services' declared contracts.
@Suite struct AsyncAPITests {
    let document: YAML

    init() throws {
        document = YAML.parse(try AsyncAPIDocument.text())
    }

    private var schemas: YAML { document["components"]?["schemas"] ?? .scalar("") }
    private let eventNames = Set(EventType.allCases.map(\.rawValue))

    @Test func isAnAsyncAPI3Document() {
        #expect(document["asyncapi"]?.string == "3.0.0")
        #expect(document["servers"]?["local"]?["protocol"]?.string == "amqp")
        #expect(document["defaultContentType"]?.string == EventCodec.contentType)
    }

    @Test func everyEventHasAChannelAndNothingElseDoes() throws {
        let channels = try #require(document["channels"])
        let eventChannels = Set(channels.keys).subtracting(["dead-letters"])
        #expect(eventChannels.subtracting(eventNames).isEmpty, "channels without an EventType")
        #expect(eventNames.subtracting(eventChannels).isEmpty, "EventTypes without a channel")
        for name in eventNames {
            let channel = channels[name]
            #expect(channel?["address"]?.string == name, "routing key of \(name)")
            #expect(channel?["messages"]?[name]?["$ref"]?.string == "#/components/messages/\(name)")
            #expect(channel?["bindings"]?["$ref"]?.string == "#/components/channelBindings/events")
        }
    }

    @Test func everyEventHasAMessageAndNothingElseDoes() throws {
        let messages = try #require(document["components"]?["messages"])
        let eventMessages = Set(messages.keys).subtracting(["deadLetter"])
        #expect(eventMessages == eventNames)
        for type in EventType.allCases {
            let message = messages[type.rawValue]
            #expect(message?["contentType"]?.string == EventCodec.contentType)
            #expect(message?["bindings"]?["amqp"]?["messageType"]?.string == type.cloudEventType)
            guard case .list(let parts)? = message?["payload"]?["allOf"], parts.count == 2 else {
                Issue.record("\(type.rawValue): payload is not allOf [envelope, data]")
                continue
            }
            #expect(parts[0].ref == "CloudEvent")
            #expect(parts[1]["properties"]?["type"]?.string == "{const: \(type.cloudEventType)}")
            #expect(parts[1]["properties"]?["data"]?.ref == type.rawValue)
        }
    }

    @Test(arguments: EventType.allCases)
    func dataSchemaListsTheFieldsTheCodecWrites(_ type: EventType) throws {
        let schema = try #require(schemas[type.rawValue], "no data schema for \(type.rawValue)")
        let encoded = try JSONTree.object(EventCodec.encode(Samples.event(for: type)))
        let data = try #require(encoded["data"] as? [String: Any])
        try expectSameFields(data, schema, at: "data")
    }

    /// A field the schema calls required must be one the codec refuses to do without,
    /// and an optional one must be one it accepts missing.
    @Test(arguments: EventType.allCases)
    func requiredListsMatchTheCodec(_ type: EventType) throws {
        let schema = try #require(schemas[type.rawValue])
        let required = Set(try #require(schema["required"]?.strings))
        #expect(required.isSubset(of: Set(schema["properties"]?.keys ?? [])))
        for field in schema["properties"]?.keys ?? [] {
            let bytes = try JSONTree.sampleData(type) { $0[field] = nil }
            let result = EventCodec.decode(bytes)
            if required.contains(field) {
                guard case .failure(let error) = result else {
                    Issue.record("\(type.rawValue): decoded without required \(field)")
                    continue
                }
                #expect(error.problems == [ValidationProblem(path: "data.\(field)", message: "required field is missing")])
            } else {
                #expect(throws: Never.self, "\(type.rawValue): \(field) is optional in the schema") { try result.get() }
            }
        }
    }

    @Test func envelopeSchemaListsTheAttributesTheCodecWrites() throws {
        let envelope = try #require(schemas["CloudEvent"])
        let encoded = try JSONTree.object(EventCodec.encode(Samples.event(for: .sessionCompleted)))
        #expect(Set(encoded.keys) == Set(envelope["properties"]?.keys ?? []))
        for attribute in try #require(envelope["required"]?.strings) {
            let bytes = try JSONTree.sample(.sessionCompleted) { $0[attribute] = nil }
            #expect(throws: EventDecodingError.self, "\(attribute) is required") { try EventCodec.decode(bytes).get() }
        }
    }

    @Test func enumsMatchTheModel() throws {
        let model: [String: [String]] = [
            "Attendance": Attendance.allCases.map(\.rawValue),
            "MentorPrep": MentorPrep.allCases.map(\.rawValue),
            "TranscriptSource": TranscriptSource.allCases.map(\.rawValue),
            "SentimentLabel": SentimentLabel.allCases.map(\.rawValue),
            "FeedbackLanguage": FeedbackLanguage.allCases.map(\.rawValue),
            "Aspect": Aspect.allCases.map(\.rawValue),
            "SummaryStatus": SummaryStatus.allCases.map(\.rawValue),
            "ActionItemOwner": ActionItemOwner.allCases.map(\.rawValue),
            "FlagLevel": FlagLevel.allCases.map(\.rawValue),
            "FlagReason": FlagReason.allCases.map(\.rawValue),
            "ReminderKind": ReminderKind.allCases.map(\.rawValue),
            "RecipientRole": RecipientRole.allCases.map(\.rawValue),
            "NotificationChannel": NotificationChannel.allCases.map(\.rawValue),
            "EscalationLevel": EscalationLevel.allCases.map(\.rawValue),
            "EventName": EventType.allCases.map(\.rawValue),
        ]
        let documented = schemas.keys.filter { schemas[$0]?["enum"] != nil }
        #expect(Set(documented) == Set(model.keys))
        for (name, values) in model {
            #expect(schemas[name]?["enum"]?.strings == values, "\(name)")
        }
    }

    @Test func rangesAndLengthsMatchTheModel() {
        let ranges: [String: (Double, Double)] = [
            "Rating": (Double(Limits.rating.lowerBound), Double(Limits.rating.upperBound)),
            "DurationMin": (Double(Limits.durationMinutes.lowerBound), Double(Limits.durationMinutes.upperBound)),
            "Version": (Double(Limits.version.lowerBound), Double(Limits.version.upperBound)),
            "Attempts": (Double(Limits.attempts.lowerBound), Double(Limits.attempts.upperBound)),
            "SentimentScore": (Limits.sentimentScore.lowerBound, Limits.sentimentScore.upperBound),
            "Confidence": (Limits.confidence.lowerBound, Limits.confidence.upperBound),
        ]
        for (name, (minimum, maximum)) in ranges {
            #expect(schemas[name]?["minimum"]?.string.flatMap(Double.init) == minimum, "\(name) minimum")
            #expect(schemas[name]?["maximum"]?.string.flatMap(Double.init) == maximum, "\(name) maximum")
        }
        let lengths: [String: Int] = [
            "Identifier": Limits.identifierLength, "Name": Limits.nameLength, "Text": Limits.textLength,
            "NonEmptyText": Limits.textLength, "Document": Limits.documentLength, "Email": Limits.emailLength,
        ]
        for (name, maxLength) in lengths {
            #expect(schemas[name]?["maxLength"]?.string == String(maxLength), "\(name) maxLength")
        }
    }

    /// Both ways: every event a service declares it handles or publishes has its operation
    /// (`<service>.receive.<event>`, `<service>.send.<event>`), and every operation in the
    /// document is one the code declares.
    @Test func operationsAreTheDeclaredContracts() throws {
        let operations = try #require(document["operations"])
        let declared = SystemContracts.all.flatMap { contract in
            contract.handles.map { "\(contract.service).receive.\($0.rawValue)" } + contract.publishes.map { "\(contract.service).send.\($0.rawValue)" }
        }
        #expect(declared.count == Set(declared).count)
        let documented = Set(operations.keys)
        #expect(Set(declared).subtracting(documented).sorted() == [], "declared by the code, missing in asyncapi.yaml")
        #expect(documented.subtracting(declared).sorted() == [], "in asyncapi.yaml, not declared by the code")
        for contract in SystemContracts.all {
            for (action, types) in [("receive", contract.handles), ("send", contract.publishes)] {
                for type in types {
                    let id = "\(contract.service).\(action).\(type.rawValue)"
                    guard let operation = operations[id] else { continue }
                    #expect(operation["action"]?.string == action, "\(id)")
                    #expect(operation["channel"]?["$ref"]?.string == "#/channels/\(type.rawValue)", "\(id)")
                    #expect(operation["messages"]?.list?.first?["$ref"]?.string == "#/channels/\(type.rawValue)/messages/\(type.rawValue)", "\(id)")
                }
            }
        }
    }

    /// A channel no service publishes today says so, instead of naming a producer that does not exist.
    @Test func channelsWithoutAProducerSaySo() throws {
        let channels = try #require(document["channels"])
        for route in SystemContracts.routes where route.producers.isEmpty {
            let description = channels[route.type.rawValue]?["description"]?.string ?? ""
            #expect(description.contains("not built yet"), "\(route.type.rawValue): \(description)")
        }
    }

    @Test func topologyMatchesTheConstants() throws {
        let topology = try #require(document["x-mentorflow-topology"])
        let queues = Topology.QueueNames(service: "<service>", purpose: "<purpose>")
        #expect(topology["eventsExchange"]?.string == Topology.eventsExchange)
        #expect(topology["deadLetterExchange"]?.string == Topology.deadLetterExchange)
        #expect(topology["deadLetterReasonHeader"]?.string == Topology.deadLetterReasonHeader)
        #expect(topology["workQueue"]?.string == queues.work)
        #expect(topology["retryQueue"]?.string == queues.retry)
        #expect(topology["deadLetterQueue"]?.string == queues.deadLetter)
        let events = document["components"]?["channelBindings"]?["events"]?["amqp"]?["exchange"]
        #expect(events?["name"]?.string == Topology.eventsExchange)
        #expect(events?["type"]?.string == "topic")
        #expect(events?["durable"]?.string == "true")
        let deadLetters = document["channels"]?["dead-letters"]?["bindings"]?["amqp"]?["exchange"]
        #expect(deadLetters?["name"]?.string == Topology.deadLetterExchange)
    }

    // MARK: Helpers

    /// The object's keys are exactly the schema's properties, recursively through
    /// `$ref`s to object schemas and arrays of them.
    private func expectSameFields(_ object: [String: Any], _ schema: YAML, at path: String) throws {
        let properties = try #require(schema["properties"], "\(path): schema has no properties")
        #expect(Set(object.keys) == Set(properties.keys), "\(path)")
        for (key, value) in object {
            guard let property = properties[key] else { continue }
            if let nested = value as? [String: Any] {
                let target = try #require(property.ref.flatMap { schemas[$0] }, "\(path).\(key): not a $ref to an object")
                try expectSameFields(nested, target, at: "\(path).\(key)")
            } else if let elements = value as? [[String: Any]], let first = elements.first {
                let target = try #require(property["items"]?.ref.flatMap { schemas[$0] }, "\(path).\(key): items")
                try expectSameFields(first, target, at: "\(path).\(key)[0]")
            }
        }
    }
}
