import Model

/// An event a handler wants published; the runtime stamps it with `EventFactory.event(for:causedBy:)`.
/// `key` tells apart several emissions of the same type for one input; together with the input's
/// id it fixes the output's id (the reaction recipe).
///
/// `id` overrides that: a handler whose output is a state (version 3 of a session's summary),
/// not a reaction to one input, names it with `EventFactory.stateID(type:subject:version:)`, so
/// whichever input caused it, republishing it after a crash gives the same id.
public struct Emission: Sendable, Equatable {
    public var data: EventData
    public var key: String
    public var id: String?

    public init(_ data: EventData, key: String = "", id: String? = nil) {
        self.data = data
        self.key = key
        self.id = id
    }
}
