import Codec
import Foundation
import Model

/// Stamps every event MentorFlow emits: id, `source`, `time`, subject and trace context, in one
/// place, so each id recipe exists once and every emitter follows the same rules.
///
/// Ids come from named recipes (`DeterministicID`s of the parts listed), never from a random
/// generator, so a handler run twice, a crash between publish and mark, or a file imported twice
/// gives the same ids, and downstream inboxes drop the copies:
///
/// - reaction to an input: service, input `source`, input id, output type, key
///   (`reaction(_:to:key:)`; what the consume loop stamps a handler's emission with);
/// - state of a subject at a version: service, type, subject, version
///   (`state(_:version:at:)`: a summary version, an agenda revision, a flag change);
/// - external request: service, type, request key (`request(_:key:at:)`: a dashboard click);
/// - imported row: service, subject, type, row key (`importedRow(_:row:at:)`: a CSV export row).
///
/// The ids of events already produced must never change (a re-import after an upgrade must notify
/// no one): `EventIDPinningTests` pins them.
public struct EventFactory: Sendable, Equatable {
    /// The name the recipes start with, e.g. `sentiment`.
    public let service: String
    /// The CloudEvents `source` of what this factory stamps, `/mentorflow/<service>` by default.
    public let source: String

    public init(service: String, source: String? = nil) {
        self.service = service
        self.source = source ?? "/mentorflow/\(service)"
    }

    // MARK: Events

    /// The event a handler's emission becomes: a reaction to `input` (or the state id the handler
    /// chose, `Emission.id`), at the input's time, carrying the input's trace context.
    public func event(for emission: Emission, causedBy input: CloudEvent) -> CloudEvent {
        let id = emission.id ?? reactionID(to: input, type: emission.data.eventType, key: emission.key)
        return CloudEvent(id: id, source: source, time: input.time, traceparent: input.traceparent, data: emission.data)
    }

    /// `data` caused by `input`: stamped with the input's time (when it happened, not when it was
    /// processed, so a replay gives the same event) and trace context.
    public func reaction(_ data: EventData, to input: CloudEvent, key: String = "") -> CloudEvent {
        event(for: Emission(data, key: key), causedBy: input)
    }

    /// `data` as the state of its session at `version`, whichever input caused it.
    public func state(_ data: EventData, version: Int, at time: Date, traceparent: String? = nil) -> CloudEvent {
        CloudEvent(
            id: stateID(type: data.eventType, subject: data.sessionID?.rawValue ?? "", version: version),
            source: source, time: time, traceparent: traceparent, data: data)
    }

    /// `data` as the one outcome of an outside request named by `key` (a second click gives the same id).
    public func request(_ data: EventData, key: String, at time: Date, traceparent: String? = nil) -> CloudEvent {
        CloudEvent(id: requestID(type: data.eventType, key: key), source: source, time: time, traceparent: traceparent, data: data)
    }

    /// `data` implied by an imported row whose content is `row`: an unchanged row gives the same id again.
    public func importedRow(_ data: EventData, row: String, at time: Date) -> CloudEvent {
        CloudEvent(id: importedRowID(type: data.eventType, subject: data.sessionID?.rawValue ?? "", row: row), source: source, time: time, data: data)
    }

    // MARK: Ids

    public func reactionID(to input: CloudEvent, type: EventType, key: String = "") -> String {
        DeterministicID.make(service, input.source, input.id, type.rawValue, key)
    }

    public func stateID(type: EventType, subject: String, version: Int) -> String {
        DeterministicID.make(service, type.rawValue, subject, String(version))
    }

    public func requestID(type: EventType, key: String) -> String {
        DeterministicID.make(service, type.rawValue, key)
    }

    public func importedRowID(type: EventType, subject: String, row: String) -> String {
        DeterministicID.make(service, subject, type.rawValue, row)
    }
}
