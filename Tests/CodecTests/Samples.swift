import Codec
import Foundation
import MentorFlowTesting
import Model
import Testing

/// The codec tests' samples: one event per type with every field filled in.
typealias Samples = EventFixtures.EveryField

/// Test helpers for working on encoded events as JSON trees.
enum JSONTree {
    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func data(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object)
    }

    /// The encoded sample of `type`, changed by `edit`, as bytes.
    static func sample(_ type: EventType, edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try object(EventCodec.encode(Samples.event(for: type)))
        edit(&object)
        return try data(object)
    }

    /// As `sample`, but `edit` changes the `data` member.
    static func sampleData(_ type: EventType, edit: (inout [String: Any]) -> Void) throws -> Data {
        try sample(type) { event in
            var data = event["data"] as! [String: Any]
            edit(&data)
            event["data"] = data
        }
    }
}
