import Foundation
import Model

/// Where an event sits in a session's history when arrival order cannot be trusted: event time,
/// then the catalogue order of its type (a booking before its outcome before its feedback when the
/// LMS stamps them alike), then source, then id.
///
/// The one rule every consumer that folds facts uses, so they agree on "the latest" whatever order
/// the broker delivered in: insights sorts whole histories by it, the summary service stores it
/// with each fact and replaces a fact only by an event that sorts later.
public struct EventOrder: Comparable, Sendable {
    public var time: Date
    public var type: EventType
    public var source: String
    public var id: String

    public init(time: Date, type: EventType, source: String, id: String) {
        self.time = time
        self.type = type
        self.source = source
        self.id = id
    }

    public init(_ event: CloudEvent) {
        self.init(time: event.time, type: event.eventType, source: event.source, id: event.id)
    }

    /// The position of the type in `EventType.allCases`.
    public var typeRank: Int { Self.rank[type] ?? 0 }

    public static func < (lhs: EventOrder, rhs: EventOrder) -> Bool {
        if lhs.time != rhs.time { return lhs.time < rhs.time }
        if lhs.typeRank != rhs.typeRank { return lhs.typeRank < rhs.typeRank }
        if lhs.source != rhs.source { return lhs.source < rhs.source }
        return lhs.id < rhs.id
    }

    private static let rank: [EventType: Int] = Dictionary(uniqueKeysWithValues: EventType.allCases.enumerated().map { ($1, $0) })
}

extension CloudEvent {
    /// This event's place in the fold order (see `EventOrder`).
    public var order: EventOrder { EventOrder(self) }
}
