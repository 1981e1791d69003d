import Codec
import Foundation
import IngestCore
import InsightsCore
import Model
import SentimentAnalysis
import ServiceKit
import SummaryCore
import Testing

/// The ids of events MentorFlow already produced, pinned as literals: a re-import or a
/// redelivery after an upgrade must give the same ids (downstream inboxes drop the copies and
/// nobody is notified twice). Computed once with the code before `EventFactory` existed; a change
/// to any id recipe fails here. Never edit a literal to make this pass.
@Suite struct EventIDPinningTests {
    /// The ids, by recipe and input (also checked against `EventFactory` by its own tests).
    enum Pinned {
        /// The consume loop's reaction: sentiment scores feedback from ingest, no key.
        static let reaction = "e92f79ae-7a9d-5f8a-9fad-4a5281272f7c"
        /// The same rule with a key (several emissions of one type for one input).
        static let reactionWithKey = "d2a7f4e1-d7a7-52c8-86dc-d4b69adfd244"
        /// `mentorflow summarize` / the offline loader: the sentiment service's id for a CSV row's feedback.
        static let offlineScored = "55c39354-a350-57db-a821-024a886894f1"
        /// Version 3 of session S-1's summary.
        static let summaryVersion = "be452db4-3e70-50df-aaa9-482ceec9dad0"
        /// Revision 2 of session S-1's agenda.
        static let agendaRevision = "fe5fd195-7e70-5aec-9e0e-d76a4751af4f"
        /// The insights flag sweeper: session S-1's 4th flag change.
        static let flagChange = "f0e881b0-0a76-531e-bf61-aa093fa580ea"
        /// The dashboard's acknowledgement of escalation E-7.
        static let escalationAcknowledged = "dc6a2120-3306-57de-8e47-3af139c8acc8"
        /// The three events of `csvRow` (scheduled, completed, feedback).
        static let csvRow = [
            "d8966c04-a45d-5dd5-b970-d1acf7ec5b1c", "6e51a8dd-9b61-5406-a740-84fae9615821", "45b02230-854a-5af4-a7c2-5434f85ae73b",
        ]
    }

    static let header = "session_id,program,batch,mentor_id,mentor_name,pm_cluster,learner_id,learner_name,learner_email,session_type,scheduled_at,scheduled_duration_min,actual_duration_min,status,learner_attended,mentor_prep,rating,feedback,follow_up_scheduled"
    static let csvRow = "S-1,Software Development,SD-Mar25,M-011,Srishti Gowda,cluster-c,L-0106,Dev Sharma,dev.sharma@example.com,DSA Doubt Solving,2025-05-19T21:30:00+05:30,60,67,Completed,Yes,Yes,4,\"Great, clear session\",Yes"

    static func csvEvents() throws -> [CloudEvent] {
        var parser = CSVParser()
        var records: [CSVParser.Record] = []
        parser.feed(Array((header + "\n" + csvRow + "\n").utf8)) { if case .record(let record) = $0 { records.append(record) } }
        #expect(records.count == 2)
        var mapper = SessionRowMapper(header: try SessionHeader(fields: records[0].fields, line: records[0].line))
        return mapper.map(records[1]).events
    }

    @Test func reactionIDsKeepTheirValues() {
        // EventConsumer.output(for:causedBy:): service, input source, input id, output type, key.
        #expect(DeterministicID.make("sentiment", "/mentorflow/ingest", "evt-1", "feedback.scored", "") == Pinned.reaction)
        #expect(DeterministicID.make("insights", "/lms", "E-9", "session.flagged", "second") == Pinned.reactionWithKey)
    }

    @Test func offlineScoringGivesTheSentimentServicesID() throws {
        let feedback = try #require(try Self.csvEvents().last)
        let scored = try #require(CSVSessionLoader(analyzer: SentimentAnalyzer()).scored(feedback))
        #expect(scored.id == Pinned.offlineScored)
    }

    @Test func stateIDsKeepTheirValues() throws {
        let engine = SummaryEngine(store: try SummaryStore())
        #expect(engine.summaryEventID(SessionID("S-1"), version: 3) == Pinned.summaryVersion)
        #expect(engine.agendaEventID(SessionID("S-1"), revision: 2) == Pinned.agendaRevision)
        let change = FlagChange(
            sessionID: SessionID("S-1"), sequence: 4, level: .red, previousLevel: .green, reasons: [.lowRating], pmCluster: nil,
            at: Date(timeIntervalSince1970: 1_750_000_000), cause: "sweep")
        #expect(InsightsStore.eventID(of: change) == Pinned.flagChange)
    }

    @Test func externalRequestIDsKeepTheirValues() throws {
        // The dashboard's "I'm on it" button: one id per escalation.
        #expect(DeterministicID.make("insights-web", "escalation.acknowledged", "E-7") == Pinned.escalationAcknowledged)
        let rowIDs = try Self.csvEvents().map(\.id)
        #expect(rowIDs == Pinned.csvRow)
    }
}
