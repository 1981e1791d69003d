import Codec
import Foundation
import Model
import ServiceKit
import Testing
@testable import SummaryCore

@Suite struct AgendaTests {
    @Test func firstSessionWhenThereIsNoHistory() throws {
        let engine = try Fixture.engine()
        let agenda = try #require(try engine.apply(Fixture.scheduled(Fixture.booking("S-1"))).agendas.first).agenda
        #expect(agenda.firstSession)
        #expect(agenda.items.first == AgendaBuilder.firstSessionItem)
        #expect(agenda.checklist.contains("Review Asha Rao's profile and background"))
        #expect(agenda.checklist.contains("No prior feedback: ask what the learner wants from these sessions"))
        #expect(agenda.checklist.contains("Pre-session form not submitted: ask for topics at the start"))
    }

    @Test func agendaFromABuiltHistory() throws {
        let engine = try Fixture.engine()
        // Earlier session of the learner: completed, negative feedback, a transcript with action items.
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1", daysFromStart: 0)))
        _ = try engine.apply(Fixture.completed("S-1"))
        _ = try engine.apply(Fixture.transcript("S-1", "Vikram: Practice two SQL window function problems by Friday.\nAsha: I will send my updated resume next week."))
        _ = try engine.apply(Fixture.feedback("S-1", rating: 2, "Mentor joined late and the audio kept cutting during the SQL joins part"))
        _ = try engine.apply(Fixture.scored("S-1", .negative, aspects: [.punctuality, .techIssues]))
        // Other learners in the batch complained about the same thing; one outside the window, one in another batch.
        for (index, days) in [5.0, 8.0].enumerated() {
            let id = "S-B\(index)"
            _ = try engine.apply(Fixture.scheduled(Fixture.booking(id, learner: "L-\(9 + index)", learnerName: "Ravi Kumar", daysFromStart: days)))
            _ = try engine.apply(Fixture.feedback(id, rating: 3, "The SQL joins part was rushed, assignment deadlines unclear"))
            _ = try engine.apply(Fixture.scored(id, .neutral, aspects: [.pace]))
        }
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-OLD", learner: "L-20", learnerName: "Old One", daysFromStart: -40)))
        _ = try engine.apply(Fixture.feedback("S-OLD", rating: 1, "Kubernetes networking was confusing"))
        _ = try engine.apply(Fixture.scored("S-OLD", .negative))
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-OTHER", learner: "L-21", learnerName: "Else", batch: "B-2", daysFromStart: 9)))
        _ = try engine.apply(Fixture.feedback("S-OTHER", rating: 1, "Pandas groupby was confusing"))
        _ = try engine.apply(Fixture.scored("S-OTHER", .negative))

        // The upcoming session, then its pre-session form.
        let next = Fixture.booking("S-2", type: .mockInterview, daysFromStart: 10)
        let first = try #require(try engine.apply(Fixture.scheduled(next)).agendas.first).agenda
        #expect(!first.firstSession)
        #expect(first.items.contains("Recap the last Resume Review session (2025-05-23)"))
        #expect(first.items.contains("Open action item (learner, by Friday): Practice two SQL window function problems by Friday"))
        #expect(first.items.contains("Open action item (learner, next week): I will send my updated resume next week"))
        #expect(first.items.contains("Address concerns from earlier sessions: punctuality and technical issues"))
        let pain = try #require(first.items.first { $0.hasPrefix("Batch pain points (last 30 days): ") })
        #expect(pain.contains("SQL joins"), "\(pain)")
        #expect(!pain.contains("Kubernetes") && !pain.contains("Pandas"), "outside the window or the batch: \(pain)")
        #expect(first.checklist.contains("Review prior feedback from 1 earlier session (average rating 2.0/5)"))
        #expect(first.checklist.contains("Check progress on 2 open action items"))

        let prework = Fixture.event(.preworkSubmitted(PreworkSubmitted(
            sessionID: "S-2", learnerID: "L-1",
            prework: Prework(expectations: "Crack product analyst interviews", topics: ["SQL case questions", "Guesstimates"], blockers: ["Nervous in live coding"]))))
        let second = try #require(try engine.apply(prework).agendas.first)
        #expect(second.agenda.items.contains("Learner's topic: SQL case questions"))
        #expect(second.agenda.items.contains("Learner's topic: Guesstimates"))
        #expect(second.agenda.items.contains("Learner expects: Crack product analyst interviews"))
        #expect(second.agenda.items.contains("Blocker: Nervous in live coding"))
        #expect(second.agenda.checklist.contains("Review the learner's goals: Crack product analyst interviews"))
        #expect(second.agenda.checklist.contains("Read the learner's pre-session form"))
        // The same form again changes nothing, so nothing is published.
        #expect(try engine.apply(Fixture.event(prework.data)).isEmpty)
    }

    @Test func painPointsRankBySessionsMentioningThemWithoutRepeats() {
        let ranked = PainPoints.rank([["sql joins", "audio"], ["sql joins"], ["joins", "deadlines"], ["deadlines"], ["audio"], ["audio"]])
        #expect(ranked == ["audio", "deadlines", "sql joins"])
    }
}

@Suite struct AgendaLimitTests {
    @Test func linesBuiltFromFieldsNearTheTextLimitAreClippedAndStillValid() throws {
        let engine = try Fixture.engine()
        _ = try engine.apply(Fixture.scheduled(Fixture.booking("S-1")))
        let words = String(repeating: "goals ", count: 2_000)
        let expectation = String(words.prefix(9_995))
        #expect(expectation.unicodeScalars.count == 9_995)
        let form = Fixture.event(.preworkSubmitted(PreworkSubmitted(
            sessionID: "S-1", learnerID: "L-1", prework: Prework(expectations: expectation, topics: [expectation], blockers: [expectation]))))
        let emissions = try engine.apply(form)
        let agenda = try #require(emissions.agendas.first).agenda
        for line in agenda.items + agenda.checklist {
            #expect(line.unicodeScalars.count <= Limits.textLength)
        }
        #expect(agenda.items.contains { $0.hasPrefix("Learner expects: goals") && $0.hasSuffix("…") })
        #expect(agenda.checklist.contains { $0.hasPrefix("Review the learner's goals: goals") && $0.hasSuffix("…") })
        let emission = try #require(emissions.first)
        let event = CloudEvent(id: try #require(emission.id), source: "/mentorflow/summary", time: Fixture.start, data: emission.data)
        #expect(EventCodec.validate(event).isEmpty)
    }
}
