import ArgumentParser
import Codec
import Foundation
import Model
import SummaryCore

/// `mentorflow-bench summary`: how fast the summary logic runs on one thread: summaries per second
/// through the whole engine (SQLite store in memory, four events per session: booking, completion,
/// feedback, its score) and through the writer alone, and transcript sentences per second
/// (split, extractive summary, action items, key phrases) on transcripts of the maximum size.
struct BenchSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Summary throughput on one core: summaries/s and transcript sentences/s (build with -c release)."
    )

    @Option(help: "Sessions folded through the engine per run.") var sessions = 20_000
    @Option(help: "Transcripts read per run.") var transcripts = 20
    @Option(help: "Timed runs (the best is reported).") var runs = 3
    @Option(help: "Characters per transcript (at most 100,000); compare sizes to see the cost is linear.") var characters = Limits.documentLength

    func run() throws {
        var bestEngine = 0.0, bestWriter = 0.0, bestSentences = 0.0, bestBytes = 0.0
        var bestEngineCPU = 0.0, bestWriterCPU = 0.0, bestSentencesCPU = 0.0
        let transcript = Self.transcript(characters: min(characters, Limits.documentLength))
        let sentenceCount = TranscriptSentence.split(transcript).count
        print("transcript: \(transcript.count) characters, \(sentenceCount) sentences; \(sessions) sessions of 4 events each")
        for run in 1...max(1, runs) {
            // Engine: every event through the store, as the service handles it.
            let engine = SummaryEngine(store: try SummaryStore())
            let events = (0..<sessions).flatMap(Self.events)
            var published = 0
            var (seconds, cpu) = try Self.time { for event in events { published += try engine.apply(event).count } }
            let engineRate = Double(sessions) / seconds
            bestEngineCPU = max(bestEngineCPU, Double(sessions) / cpu)
            // Writer alone: facts to text, phrases already extracted.
            let writer = SummaryWriter()
            let facts = (0..<1000).map(Self.facts)
            var length = 0
            (seconds, cpu) = try Self.time {
                for index in 0..<(sessions * 10) { length &+= writer.draft(facts[index % facts.count])?.text.count ?? 0 }
            }
            let writerRate = Double(sessions * 10) / seconds
            bestWriterCPU = max(bestWriterCPU, Double(sessions * 10) / cpu)
            // Transcripts.
            let reader = TranscriptReader()
            var items = 0
            (seconds, cpu) = try Self.time {
                for _ in 0..<transcripts { items &+= reader.read(transcript, participants: SessionParticipants(mentorName: "Vikram Singh", learnerName: "Asha Rao")).actionItems.count }
            }
            let sentenceRate = Double(sentenceCount * transcripts) / seconds
            bestSentencesCPU = max(bestSentencesCPU, Double(sentenceCount * transcripts) / cpu)
            let byteRate = Double(transcript.utf8.count * transcripts) / seconds / 1_048_576
            bestEngine = max(bestEngine, engineRate)
            bestWriter = max(bestWriter, writerRate)
            bestSentences = max(bestSentences, sentenceRate)
            bestBytes = max(bestBytes, byteRate)
            print(String(format: "run %d: engine %.0f summaries/s (%d events published), writer %.0f summaries/s, transcripts %.0f sentences/s (%.1f MiB/s, %.1f ms per transcript) [%d]",
                         run, engineRate, published, writerRate, sentenceRate, byteRate, 1000 * Double(sentenceCount) / sentenceRate, (length &+ items) % 997))
        }
        print(String(format: "best (wall clock): %.0f summaries/s through the engine (SQLite in memory), %.0f summaries/s writer only, %.0f transcript sentences/s (%.1f MiB/s)",
                     bestEngine, bestWriter, bestSentences, bestBytes))
        print(String(format: "best per CPU-second of this thread (what other load does not change): engine %.0f summaries/s, writer %.0f, transcripts %.0f sentences/s",
                     bestEngineCPU, bestWriterCPU, bestSentencesCPU))
    }

    /// Wall-clock and thread CPU seconds of `body`.
    static func time(_ body: () throws -> Void) throws -> (wall: Double, cpu: Double) {
        let cpuStart = Memory.threadCPUSeconds()
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (max(1e-9, wall), max(1e-9, Memory.threadCPUSeconds() - cpuStart))
    }

    static let comments = [
        "Excellent career guidance, the resume bullet points finally make sense.", "Mentor joined late and the audio kept cutting.",
        "", "sir ne DSA ke doubts clear kiye, recursion samajh aaya", "ok session, wanted more on system design trade-offs",
        "Very helpful mock interview with good pointers on STAR answers.",
    ]

    static func booking(_ index: Int) -> SessionBooking {
        SessionBooking(
            sessionID: SessionID(rawValue: "S-\(index)"), program: "Data Science", batch: "B-\(index % 20)",
            mentor: Mentor(id: MentorID(rawValue: "M-\(index % 50)"), name: "Vikram Singh"),
            learner: Learner(id: LearnerID(rawValue: "L-\(index % 2000)"), name: "Asha Rao", email: "asha@example.com"),
            sessionType: [SessionType.resumeReview, .mockInterview, .dsaDoubtSolving][index % 3],
            scheduledAt: Date(timeIntervalSince1970: 1_748_000_000 + Double(index) * 600), scheduledDurationMin: 60, pmCluster: "cluster-a")
    }

    static func events(_ index: Int) -> [CloudEvent] {
        let id = SessionID(rawValue: "S-\(index)")
        let comment = comments[index % comments.count]
        let label: SentimentLabel = [.positive, .negative, .neutral, .positive, .neutral, .positive][index % comments.count]
        let data: [EventData] = [
            .sessionScheduled(SessionScheduled(booking: booking(index))),
            .sessionCompleted(SessionCompleted(sessionID: id, actualDurationMin: 40 + index % 30, outcome: SessionOutcome(learnerAttended: .attended, mentorPrep: .yes, followUpScheduled: true))),
            .feedbackSubmitted(FeedbackSubmitted(sessionID: id, learnerID: "L-1", feedback: Feedback(rating: 1 + index % 5, comment: comment))),
            .feedbackScored(FeedbackScored(sessionID: id, result: SentimentResult(label: label, score: 0, confidence: 1, language: .en, aspects: [.clarity], evidence: [], analyzerVersion: "bench"), feedbackMissing: comment.isEmpty)),
        ]
        return data.enumerated().map { CloudEvent(id: "\(index)-\($0.offset)", source: "/bench", time: Date(), subject: id.rawValue, data: $0.element) }
    }

    static func facts(_ index: Int) -> SessionFacts {
        let comment = comments[index % comments.count]
        return SessionFacts(
            sessionID: SessionID(rawValue: "S-\(index)"), booking: booking(index),
            outcome: RecordedOutcome(status: SessionStatus.allCases[index % 4], actualDurationMin: 40 + index % 30, outcome: SessionOutcome(learnerAttended: .attended, mentorPrep: .yes, followUpScheduled: true)),
            feedback: RecordedFeedback(rating: 1 + index % 5, comment: comment, keyPhrases: KeyPhraseExtractor().extract(comment)),
            sentiment: RecordedSentiment(label: .positive, aspects: [.clarity, .helpfulness], feedbackMissing: comment.isEmpty))
    }

    /// A mentor–learner transcript of about `characters` characters, with speaker labels, Hinglish
    /// lines and commitments, built from a fixed set of turns.
    static func transcript(characters: Int) -> String {
        let turns = [
            "Mentor: Today we will go through your resume and the projects section in detail.",
            "Learner: Sure, I updated the summary line after our last call but the bullets are still weak.",
            "Mentor: The bullets list tools, not impact. Start each bullet with the result and a number.",
            "Learner: Samajh gaya, main saare bullets kal tak rewrite karunga.",
            "Mentor: Good. Your sales dashboard project is the strongest one, move it to the top.",
            "Mentor: I will share two example resumes from last year's batch by Friday.",
            "Learner: Should I keep the internship from second year? It was mostly data cleaning.",
            "Mentor: Keep it, but describe the pipeline you built and how much time it saved the team.",
            "Mentor: Practice explaining the dashboard project in two minutes before the next session.",
            "Learner: Okay. Aapko LinkedIn profile ka link bhi bhejna hai?",
            "Mentor: Haan, bhej dena, I will review it along with the resume.",
            "Learner: Thank you, this was really helpful.",
        ]
        var text = ""
        var count = 0
        var index = 0
        while count + 200 < characters {
            let turn = turns[index % turns.count] + "\n"
            text += turn
            count += turn.count
            index += 1
        }
        return text
    }
}
