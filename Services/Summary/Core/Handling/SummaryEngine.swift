import Codec
import Foundation
import GRDB
import Model
import ServiceKit

/// The summary service's logic, broker-free: folds each event into the store and returns the
/// `summary.generated` / `agenda.generated` events it causes. The service's handler and the
/// offline `mentorflow summarize` both run it, so they write the same summaries.
///
/// Idempotent and order-tolerant:
/// - A summary is a function of all facts known for the session, not of the last event; a new
///   version is published only when the rendered summary changed, so a duplicate event (even
///   under a new id) never bumps the version.
/// - Output ids are `DeterministicID`s of the session and version (agenda: revision), and the
///   event that caused the current version re-emits it when it comes again (a crash after the
///   commit but before the publish), so a redelivery republishes the same id.
/// - `summary.approved` stores the mentor's text as final (with the key phrases, action items and
///   highlights of the draft they reviewed) and publishes it as a new version, status `final`.
///   Facts that arrive later are stored but never produce a machine draft over a final summary;
///   only another `summary.approved` revises it.
public final class SummaryEngine: Sendable {
    public let store: SummaryStore
    public let name: String
    let keyPhrases: KeyPhraseExtractor
    let transcripts: TranscriptReader
    let writer = SummaryWriter()
    let agendas = AgendaBuilder()

    public init(store: SummaryStore, name: String = "summary", stopwords: Stopwords = .bundled) {
        self.store = store
        self.name = name
        keyPhrases = KeyPhraseExtractor(stopwords: stopwords)
        transcripts = TranscriptReader(stopwords: stopwords)
    }

    /// The event types the engine reads.
    public static let subscriptions: Set<EventType> = [
        .sessionScheduled, .sessionCompleted, .sessionNoShow, .sessionCancelled, .sessionRescheduled,
        .feedbackSubmitted, .feedbackScored, .transcriptSubmitted, .preworkSubmitted, .summaryApproved,
    ]

    /// Applies one event; returns what to publish.
    public func apply(_ event: CloudEvent) throws -> [Emission] {
        // Name-based, so it stores as plain text (SQLite text stops at a NUL).
        let cause = DeterministicID.make(event.source, event.id)
        switch event.data {
        case .sessionScheduled(let scheduled):
            let booking = scheduled.booking
            return try store.write { db in
                try FactsRecords.save(booking, db)
                if let text = try FactsRecords.transcriptReadWithoutNames(booking.sessionID, db) {
                    let notes = transcripts.read(text, participants: Self.participants(booking))
                    try FactsRecords.save(transcript: text, notes: notes, readWithNames: true, for: booking.sessionID, db)
                }
                return try refreshSummary(booking.sessionID, cause: cause, db) + refreshAgenda(booking.sessionID, cause: cause, db)
            }
        case .sessionCompleted(let completed):
            return try record(RecordedOutcome(status: .completed, actualDurationMin: completed.actualDurationMin, outcome: completed.outcome),
                              for: completed.sessionID, cause: cause)
        case .sessionNoShow(let noShow):
            return try record(RecordedOutcome(status: .noShow, outcome: noShow.outcome), for: noShow.sessionID, cause: cause)
        case .sessionCancelled(let cancelled):
            return try record(RecordedOutcome(status: .cancelled, outcome: cancelled.outcome, reason: cancelled.reason),
                              for: cancelled.sessionID, cause: cause)
        case .sessionRescheduled(let moved):
            return try record(RecordedOutcome(status: .rescheduled, outcome: moved.outcome, reason: moved.reason, newScheduledAt: moved.newScheduledAt),
                              for: moved.sessionID, cause: cause)
        case .feedbackSubmitted(let submitted):
            let feedback = RecordedFeedback(
                rating: submitted.feedback.rating, comment: submitted.feedback.comment, keyPhrases: keyPhrases.extract(submitted.feedback.comment))
            return try store.write { db in
                try FactsRecords.save(feedback, for: submitted.sessionID, db)
                return try refreshSummary(submitted.sessionID, cause: cause, db)
            }
        case .feedbackScored(let scored):
            let sentiment = RecordedSentiment(label: scored.result.label, aspects: scored.result.aspects, feedbackMissing: scored.feedbackMissing)
            return try store.write { db in
                try FactsRecords.save(sentiment, for: scored.sessionID, db)
                return try refreshSummary(scored.sessionID, cause: cause, db)
            }
        case .transcriptSubmitted(let submitted):
            let sessionID = submitted.sessionID
            let booking = try store.read { try FactsRecords.booking(sessionID, $0) }
            let text = submitted.transcript.text
            let notes = transcripts.read(text, participants: booking.map(Self.participants) ?? SessionParticipants())
            return try store.write { db in
                try FactsRecords.save(transcript: text, notes: notes, readWithNames: booking != nil, for: sessionID, db)
                return try refreshSummary(sessionID, cause: cause, db)
            }
        case .preworkSubmitted(let submitted):
            return try store.write { db in
                try FactsRecords.save(submitted.prework, for: submitted.sessionID, db)
                return try refreshAgenda(submitted.sessionID, cause: cause, db)
            }
        case .summaryApproved(let approved):
            return try store.write { db in
                let reviewed = try PublishedRecords.summary(approved.sessionID, db)?.content
                let final = SummaryContent(
                    text: approved.text, keyPhrases: reviewed?.keyPhrases ?? [], actionItems: reviewed?.actionItems ?? [],
                    highlights: reviewed?.highlights ?? [], status: .final)
                try PublishedRecords.saveApproval(final, mentorID: approved.mentorID, for: approved.sessionID, db)
                return try refreshSummary(approved.sessionID, cause: cause, db)
            }
        default:
            return []
        }
    }

    /// The summary as the store has it now (tests and the CLI read it).
    public func currentSummary(_ sessionID: SessionID) throws -> SessionSummary? {
        try store.read { db in try PublishedRecords.summary(sessionID, db).map { $0.content.summary(version: $0.version) } }
    }

    /// The id of a summary version: the same whichever event caused it.
    public func summaryEventID(_ sessionID: SessionID, version: Int) -> String {
        DeterministicID.make(name, EventType.summaryGenerated.rawValue, sessionID.rawValue, String(version))
    }

    public func agendaEventID(_ sessionID: SessionID, revision: Int) -> String {
        DeterministicID.make(name, EventType.agendaGenerated.rawValue, sessionID.rawValue, String(revision))
    }

    private func record(_ outcome: RecordedOutcome, for sessionID: SessionID, cause: String) throws -> [Emission] {
        try store.write { db in
            try FactsRecords.save(outcome, for: sessionID, db)
            return try refreshSummary(sessionID, cause: cause, db)
        }
    }

    private func refreshSummary(_ sessionID: SessionID, cause: String, _ db: Database) throws -> [Emission] {
        let content: SummaryContent
        if let approved = try PublishedRecords.approval(sessionID, db) {
            content = approved
        } else if let draft = writer.draft(try FactsRecords.facts(sessionID, db)) {
            content = draft
        } else {
            return []
        }
        let current = try PublishedRecords.summary(sessionID, db)
        let version: Int
        if let current, current.content == content {
            guard current.cause == cause else { return [] }
            version = current.version  // the same event again: publish the same version again
        } else {
            version = (current?.version ?? 0) + 1
            try PublishedRecords.save(.init(content: content, version: version, cause: cause), for: sessionID, db)
        }
        let payload = SummaryGenerated(sessionID: sessionID, summary: content.summary(version: version))
        return [Emission(.summaryGenerated(payload), id: summaryEventID(sessionID, version: version))]
    }

    private func refreshAgenda(_ sessionID: SessionID, cause: String, _ db: Database) throws -> [Emission] {
        guard let booking = try FactsRecords.booking(sessionID, db) else { return [] }
        // A session whose outcome is known already took place: an agenda for it would be noise
        // (imports replay whole histories).
        guard try FactsRecords.outcome(sessionID, db) == nil else { return [] }
        let input = AgendaInput(
            booking: booking, history: try FactsRecords.history(before: booking, db), prework: try FactsRecords.prework(sessionID, db),
            painPoints: PainPoints.rank(try FactsRecords.batchComplaintPhrases(before: booking, db)))
        let agenda = agendas.build(input)
        let current = try PublishedRecords.agenda(sessionID, db)
        let revision: Int
        if let current, current.agenda == agenda {
            guard current.cause == cause else { return [] }
            revision = current.revision
        } else {
            revision = (current?.revision ?? 0) + 1
            try PublishedRecords.save(.init(agenda: agenda, revision: revision, cause: cause), for: sessionID, db)
        }
        return [Emission(.agendaGenerated(AgendaGenerated(sessionID: sessionID, agenda: agenda)), id: agendaEventID(sessionID, revision: revision))]
    }

    static func participants(_ booking: SessionBooking) -> SessionParticipants {
        SessionParticipants(mentorName: booking.mentor.name, learnerName: booking.learner.name)
    }
}
