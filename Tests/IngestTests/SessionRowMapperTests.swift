import Codec
import Foundation
import Model
import Testing
@testable import IngestCore

@Suite struct SessionRowMapperTests {
    static let header = "session_id,program,batch,mentor_id,mentor_name,pm_cluster,learner_id,learner_name,learner_email,session_type,scheduled_at,scheduled_duration_min,actual_duration_min,status,learner_attended,mentor_prep,rating,feedback,follow_up_scheduled"
    static let good = "S-1,Software Development,SD-Mar25,M-011,Srishti Gowda,cluster-c,L-0106,Dev Sharma,dev.sharma@example.com,DSA Doubt Solving,2025-05-19T21:30:00+05:30,60,67,Completed,Yes,Yes,4,\"Great, clear session\",Yes"

    func mapper(header: String = header) throws -> SessionRowMapper {
        SessionRowMapper(header: try SessionHeader(fields: header.components(separatedBy: ",")))
    }

    func record(_ line: String, number: Int = 2) -> CSVParser.Record {
        var parser = CSVParser()
        var result: CSVParser.Record?
        parser.feed(Array((line + "\n").utf8)) { if case .record(let record) = $0 { result = record } }
        return CSVParser.Record(line: number, fields: result!.fields)
    }

    /// The good row with one column replaced.
    func row(_ column: SessionColumn, _ value: String) -> String {
        var fields = record(Self.good).fields
        let index = SessionColumn.allCases.firstIndex(of: column)!
        fields[index] = value
        return fields.map { $0.contains(",") || $0.contains("\"") ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0 }.joined(separator: ",")
    }

    @Test func completedRowWithFeedbackBecomesThreeEventsInLifecycleOrder() throws {
        var mapper = try mapper()
        let row = mapper.map(record(Self.good))
        #expect(row.accepted)
        #expect(row.events.map(\.eventType) == [.sessionScheduled, .sessionCompleted, .feedbackSubmitted])
        #expect(row.events.allSatisfy { $0.subject == "S-1" && EventCodec.validate($0).isEmpty })
        guard case .feedbackSubmitted(let feedback) = row.events[2].data else { Issue.record("not feedback"); return }
        #expect(feedback.feedback == Feedback(rating: 4, comment: "Great, clear session"))
        guard case .sessionScheduled(let scheduled) = row.events[0].data else { Issue.record("not scheduled"); return }
        #expect(scheduled.booking.scheduledAt == FieldFormats.timestamp("2025-05-19T16:00:00Z"))
    }

    /// What ingest's contract says `POST /v1/imports` publishes is what rows become, one status at a time.
    @Test func rowsPublishExactlyTheDeclaredTypes() throws {
        var published: Set<EventType> = []
        for status in SessionStatus.allCases {
            var mapper = try mapper()
            let mapped = mapper.map(record(row(.status, status.rawValue)))
            #expect(mapped.accepted, "\(status.rawValue)")
            published.formUnion(mapped.events.map(\.eventType))
        }
        #expect(published == SessionRowMapper.publishes)
        #expect(ServiceContract.ingest.publishes.isSuperset(of: published))
    }

    @Test func idsAreDerivedFromTheRowSoReimportIsIdempotent() throws {
        var first = try mapper()
        var second = try mapper()
        let a = first.map(record(Self.good)).events.map(\.id)
        let b = second.map(record(Self.good)).events.map(\.id)
        #expect(a == b)
        #expect(Set(a).count == 3)
        var third = try mapper()
        let corrected = third.map(record(row(.rating, "5"))).events.map(\.id)
        #expect(Set(corrected).isDisjoint(with: a), "a corrected row is new information")
    }

    @Test func columnsAreMatchedByNameInAnyOrder() throws {
        let names = Self.header.components(separatedBy: ",")
        let values = record(Self.good).fields
        let order = Array(names.indices.reversed())
        var mapper = try mapper(header: order.map { names[$0] }.joined(separator: ","))
        let reordered = CSVParser.Record(line: 2, fields: order.map { values[$0] })
        var reference = try self.mapper()
        #expect(mapper.map(reordered).events == reference.map(record(Self.good)).events)
    }

    @Test func headerProblemsRejectTheFileNamingTheColumn() {
        #expect(throws: CSVParser.Problem.self) { try SessionHeader(fields: ["session_id", "program"]) }
        do {
            _ = try SessionHeader(fields: (Self.header + ",extra_notes").components(separatedBy: ",").filter { $0 != "rating" })
        } catch {
            #expect(error.message.contains("missing required column: rating"))
            #expect(error.message.contains("unknown column: 'extra_notes'"))
        }
        do {
            _ = try SessionHeader(fields: [Self.header.replacingOccurrences(of: ",", with: ";")])
        } catch {
            #expect(error.message.contains("';'-separated"))
        }
    }

    @Test(arguments: [
        (SessionColumn.rating, "7", "'7' is not a rating from 1 to 5"),
        (.rating, "four", "'four' is not a rating"),
        (.learnerEmail, "dev.sharma-at-example.com", "is not an email address"),
        (.scheduledAt, "2025-05-19 21:30", "is not an ISO 8601 time with an offset"),
        (.scheduledAt, "2025-05-19T21:30:00", "is not an ISO 8601 time with an offset"),
        (.scheduledDurationMin, "0", "is not a whole number of minutes"),
        (.scheduledDurationMin, "-5", "is not a whole number of minutes"),
        (.actualDurationMin, "", "a Completed session needs its actual duration"),
        (.status, "Done", "'Done' is not one of Completed, Rescheduled, No-Show, Cancelled"),
        (.mentorPrep, "Maybe", "is not one of Yes, Partial, No"),
        (.learnerAttended, "", "is required"),
        (.mentorName, "", "is required"),
        (.mentorName, String(repeating: "n", count: 201), "at most 200"),
        (.feedback, String(repeating: "f", count: 10_001), "at most 10000"),
    ])
    func invalidValuesRejectTheRowWithColumnAndReason(column: SessionColumn, value: String, expected: String) throws {
        var mapper = try mapper()
        let row = mapper.map(record(row(column, value), number: 9))
        #expect(!row.accepted)
        #expect(row.events.isEmpty)
        let problem = try #require(row.errors.first)
        #expect(problem.line == 9)
        #expect(problem.field == column.rawValue)
        #expect(problem.column == SessionColumn.allCases.firstIndex(of: column)! + 1)
        #expect(problem.message.contains(expected), "\(problem.message)")
    }

    @Test func severalProblemsInOneRowAreAllReported() throws {
        var mapper = try mapper()
        let bad = row(.rating, "9").replacingOccurrences(of: "dev.sharma@example.com", with: "nope")
        #expect(mapper.map(record(bad)).errors.map(\.field) == ["learner_email", "rating"])
    }

    @Test func duplicateSessionIDsInOneFileRejectTheLaterRow() throws {
        var mapper = try mapper()
        #expect(mapper.map(record(Self.good, number: 2)).accepted)
        let again = mapper.map(record(Self.good, number: 5))
        #expect(again.errors.first?.message == "session 'S-1' appears earlier in this file")
    }

    @Test func raggedRowIsRejected() throws {
        var mapper = try mapper()
        let row = mapper.map(CSVParser.Record(line: 3, fields: ["S-1", "x"]))
        #expect(row.errors.first?.message.contains("has 2 fields, the header has 19") == true)
    }

    @Test func oddButUsableRowsOnlyWarn() throws {
        var mapper = try mapper()
        let noShow = mapper.map(record(row(.status, "No-Show").replacingOccurrences(of: "S-1", with: "S-2")))
        #expect(noShow.accepted)
        #expect(noShow.events.map(\.eventType) == [.sessionScheduled, .sessionNoShow, .feedbackSubmitted])
        #expect(noShow.warnings.map(\.field) == ["actual_duration_min", "rating"])
    }

    @Test func rowWithoutRatingOrCommentPublishesNoFeedbackEvent() throws {
        var mapper = try mapper()
        let quiet = row(.rating, "").replacingOccurrences(of: "\"Great, clear session\"", with: "")
        #expect(mapper.map(record(quiet)).events.map(\.eventType) == [.sessionScheduled, .sessionCompleted])
    }
}
