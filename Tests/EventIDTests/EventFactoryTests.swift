import Codec
import EventHandling
import Foundation
import Model
import Testing

/// `EventFactory`'s recipes give the ids the system produced before it existed (the literals of
/// `EventIDPinningTests`), and stamp source, time, subject and trace context by one rule.
@Suite struct EventFactoryTests {
    typealias Pinned = EventIDPinningTests.Pinned
    static let time = Date(timeIntervalSince1970: 1_750_000_000)
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    static func input(source: String, id: String) -> CloudEvent {
        CloudEvent(
            id: id, source: source, time: time, traceparent: traceparent,
            data: .feedbackSubmitted(FeedbackSubmitted(sessionID: "S-1", learnerID: "L-1", feedback: Feedback(rating: 2, comment: "late"))))
    }

    @Test func everyRecipeGivesThePinnedIDs() {
        let ingest = Self.input(source: "/mentorflow/ingest", id: "evt-1")
        #expect(EventFactory(service: "sentiment").reactionID(to: ingest, type: .feedbackScored) == Pinned.reaction)
        #expect(EventFactory(service: "insights").reactionID(to: Self.input(source: "/lms", id: "E-9"), type: .sessionFlagged, key: "second")
                == Pinned.reactionWithKey)
        #expect(EventFactory(service: "summary").stateID(type: .summaryGenerated, subject: "S-1", version: 3) == Pinned.summaryVersion)
        #expect(EventFactory(service: "summary").stateID(type: .agendaGenerated, subject: "S-1", version: 2) == Pinned.agendaRevision)
        #expect(EventFactory(service: "insights").stateID(type: .sessionFlagged, subject: "S-1", version: 4) == Pinned.flagChange)
        #expect(EventFactory(service: "insights-web").requestID(type: .escalationAcknowledged, key: "E-7") == Pinned.escalationAcknowledged)
    }

    @Test func aReactionHappensWhenItsCauseHappenedAndCarriesItsTrace() {
        let input = Self.input(source: "/mentorflow/ingest", id: "evt-1")
        let data = EventData.sessionFlagged(SessionFlagged(sessionID: "S-1", flag: Flag(level: .red, reasons: [.lowRating])))
        let output = EventFactory(service: "insights").reaction(data, to: input, key: "k")
        #expect(output.id == EventFactory(service: "insights").reactionID(to: input, type: .sessionFlagged, key: "k"))
        #expect(output.source == "/mentorflow/insights")
        #expect(output.time == input.time, "the causing event's time, not the processing time: a replay gives the same event")
        #expect(output.traceparent == Self.traceparent)
        #expect(output.subject == "S-1")
        #expect(EventFactory(service: "insights").event(for: Emission(data, key: "k"), causedBy: input) == output)
    }

    @Test func anEmissionNamedByStateKeepsItsIDWhateverCausedIt() {
        let data = EventData.sessionFlagged(SessionFlagged(sessionID: "S-1", flag: Flag(level: .red, reasons: [.lowRating])))
        let factory = EventFactory(service: "summary")
        let id = factory.stateID(type: .sessionFlagged, subject: "S-1", version: 3)
        let first = factory.event(for: Emission(data, id: id), causedBy: Self.input(source: "/a", id: "1"))
        let second = factory.event(for: Emission(data, id: id), causedBy: Self.input(source: "/b", id: "2"))
        #expect(first.id == id && second.id == id)
        #expect(factory.state(data, version: 3, at: Self.time).id == id)
    }

    @Test func requestsAndRowsAreStampedWithTheirSourceAndTime() {
        let acknowledged = EventData.escalationAcknowledged(EscalationAcknowledged(
            escalationID: "E-7", sessionID: "S-1", acknowledgedBy: "pm-a", acknowledgedAt: Self.time))
        let web = EventFactory(service: "insights-web", source: "/mentorflow/insights")
        let event = web.request(acknowledged, key: "E-7", at: Self.time, traceparent: Self.traceparent)
        #expect(event.id == Pinned.escalationAcknowledged)
        #expect(event.source == "/mentorflow/insights" && event.time == Self.time && event.traceparent == Self.traceparent)
        #expect(event.subject == "S-1")
        let csv = EventFactory(service: "csv", source: "/mentorflow/ingest/csv")
        let row = csv.importedRow(acknowledged, row: "a\u{1F}b", at: Self.time)
        #expect(row.id == csv.importedRowID(type: .escalationAcknowledged, subject: "S-1", row: "a\u{1F}b"))
        #expect(row.id != csv.importedRowID(type: .escalationAcknowledged, subject: "S-1", row: "a\u{1F}c"), "a corrected row is a new event")
        #expect(row.source == "/mentorflow/ingest/csv")
        #expect(EventFactory(service: "sentiment").source == "/mentorflow/sentiment")
    }
}
