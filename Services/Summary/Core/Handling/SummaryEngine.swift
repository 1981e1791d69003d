import Codec
import EventHandling
import Foundation
import GRDB
import Model

/// The summary service's logic, broker-free: folds each event into the store and returns the
/// `summary.generated` / `agenda.generated` events it causes. The service's handler and the
/// offline `mentorflow summarize` both run it, so they write the same summaries.
///
/// Idempotent and order-tolerant:
/// - A summary is a function of all facts known for the session, not of the last event; a new
///   version is published only when the rendered summary changed, so a duplicate event (even
///   under a new id) never bumps the version.
/// - Output ids are `EventFactory` state ids of the session and version (agenda: revision), and the
///   event that caused the current version re-emits it when it comes again (a crash after the
///   commit but before the publish), so a redelivery republishes the same id.
/// - Each fact (outcome, feedback, sentiment, transcript, pre-session form) is kept from the event
///   that sorts latest by `EventOrder` (event time, type, source, id), the rule insights folds by,
///   so a late delivery of an older event never replaces a newer fact.
/// - `summary.approved` stores the mentor's text (the approval of the highest reviewed version
///   counts) and the summary becomes `final`: that text, with the key phrases, action items and
///   highlights of the current facts. A later fact never brings a machine draft back; when it
///   changes the phrases, items or highlights it publishes a new final version with the same text.
public final class SummaryEngine: Sendable {
    public let store: SummaryStore
    public let name: String
    let keyPhrases: KeyPhraseExtractor
    let transcripts: TranscriptReader
    let writer = SummaryWriter()
    let agendas = AgendaBuilder()
    /// Runs between reading a transcript and storing it: a test seam to commit a booking in between.
    let transcriptRead: @Sendable () throws -> Void

    public convenience init(store: SummaryStore, name: String = "summary", stopwords: Stopwords = .bundled) {
        self.init(store: store, name: name, stopwords: stopwords, transcriptRead: {})
    }

    init(store: SummaryStore, name: String, stopwords: Stopwords, transcriptRead: @escaping @Sendable () throws -> Void) {
        self.store = store
        self.name = name
        keyPhrases = KeyPhraseExtractor(stopwords: stopwords)
        transcripts = TranscriptReader(stopwords: stopwords)
        self.transcriptRead = transcriptRead
    }

    /// The event types the engine reads.
    public static let subscriptions: Set<EventType> = [
        .sessionScheduled, .sessionCompleted, .sessionNoShow, .sessionCancelled, .sessionRescheduled,
        .feedbackSubmitted, .feedbackScored, .transcriptSubmitted, .preworkSubmitted, .summaryApproved,
    ]

    /// `apply(_:)` for async callers (the service's handler): runs it on the store's own threads,
    /// so its blocking SQLite calls (a lock wait, an fsync) never hold a cooperative thread.
    public func applyOffThePool(_ event: CloudEvent) async throws -> [Emission] {
        try await store.blockingWork.run { try self.apply(event) }
    }

    /// Applies one event; returns what to publish. Blocks on SQLite: async code calls
    /// `applyOffThePool(_:)`.
    public func apply(_ event: CloudEvent) throws -> [Emission] {
        // Name-based, so it stores as plain text (SQLite text stops at a NUL).
        let cause = DeterministicID.make(event.source, event.id)
        let order = event.order
        switch event.data {
        case .sessionScheduled(let scheduled):
            let booking = scheduled.booking
            return try store.write { db in
                try FactsRecords.save(booking, db)
                if let text = try FactsRecords.transcriptReadWithoutNames(booking.sessionID, db) {
                    let notes = transcripts.read(text, participants: Self.participants(booking))
                    try FactsRecords.saveReadingWithNames(notes, for: booking.sessionID, db)
                }
                return try refreshSummary(booking.sessionID, cause: cause, db) + refreshAgenda(booking.sessionID, cause: cause, db)
            }
        case .sessionCompleted(let completed):
            return try record(RecordedOutcome(status: .completed, actualDurationMin: completed.actualDurationMin, outcome: completed.outcome),
                              order: order, for: completed.sessionID, cause: cause)
        case .sessionNoShow(let noShow):
            return try record(RecordedOutcome(status: .noShow, outcome: noShow.outcome), order: order, for: noShow.sessionID, cause: cause)
        case .sessionCancelled(let cancelled):
            return try record(RecordedOutcome(status: .cancelled, outcome: cancelled.outcome, reason: cancelled.reason),
                              order: order, for: cancelled.sessionID, cause: cause)
        case .sessionRescheduled(let moved):
            return try record(RecordedOutcome(status: .rescheduled, outcome: moved.outcome, reason: moved.reason, newScheduledAt: moved.newScheduledAt),
                              order: order, for: moved.sessionID, cause: cause)
        case .feedbackSubmitted(let submitted):
            let feedback = RecordedFeedback(
                rating: submitted.feedback.rating, comment: submitted.feedback.comment, keyPhrases: keyPhrases.extract(submitted.feedback.comment))
            return try store.write { db in
                try FactsRecords.save(feedback, order: order, for: submitted.sessionID, db)
                return try refreshSummary(submitted.sessionID, cause: cause, db)
            }
        case .feedbackScored(let scored):
            let sentiment = RecordedSentiment(label: scored.result.label, aspects: scored.result.aspects, feedbackMissing: scored.feedbackMissing)
            return try store.write { db in
                try FactsRecords.save(sentiment, order: order, for: scored.sessionID, db)
                return try refreshSummary(scored.sessionID, cause: cause, db)
            }
        case .transcriptSubmitted(let submitted):
            let sessionID = submitted.sessionID
            let text = submitted.transcript.text
            // Read (up to 100k characters) outside the write transaction, with the names known now;
            // inside it the booking is looked up again and the text read again if it appeared or
            // changed meanwhile, so a booking committed in between is never missed.
            let seen = try store.read { try FactsRecords.booking(sessionID, $0) }.map(Self.participants)
            let notes = transcripts.read(text, participants: seen ?? SessionParticipants())
            try transcriptRead()
            return try store.write { db in
                let known = try FactsRecords.booking(sessionID, db).map(Self.participants)
                let current = known == seen ? notes : transcripts.read(text, participants: known ?? SessionParticipants())
                try FactsRecords.save(transcript: text, notes: current, readWithNames: known != nil, order: order, for: sessionID, db)
                return try refreshSummary(sessionID, cause: cause, db)
            }
        case .preworkSubmitted(let submitted):
            return try store.write { db in
                try FactsRecords.save(submitted.prework, order: order, for: submitted.sessionID, db)
                return try refreshAgenda(submitted.sessionID, cause: cause, db)
            }
        case .summaryApproved(let approved):
            return try store.write { db in
                let approval = PublishedRecords.StoredApproval(
                    text: approved.text, mentorID: approved.mentorID, reviewedVersion: approved.reviewedVersion, order: order)
                try PublishedRecords.save(approval, for: approved.sessionID, db)
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
        EventFactory(service: name).stateID(type: .summaryGenerated, subject: sessionID.rawValue, version: version)
    }

    public func agendaEventID(_ sessionID: SessionID, revision: Int) -> String {
        EventFactory(service: name).stateID(type: .agendaGenerated, subject: sessionID.rawValue, version: revision)
    }

    private func record(_ outcome: RecordedOutcome, order: EventOrder, for sessionID: SessionID, cause: String) throws -> [Emission] {
        try store.write { db in
            try FactsRecords.save(outcome, order: order, for: sessionID, db)
            return try refreshSummary(sessionID, cause: cause, db)
        }
    }

    private func refreshSummary(_ sessionID: SessionID, cause: String, _ db: Database) throws -> [Emission] {
        let content: SummaryContent
        let facts = try FactsRecords.facts(sessionID, db)
        if let approval = try PublishedRecords.approval(sessionID, db) {
            content = writer.final(approval.text, facts)
        } else if let draft = writer.draft(facts) {
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
