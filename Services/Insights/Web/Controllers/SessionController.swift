import Foundation
import Hummingbird
import InsightsCore
import Model

/// What needs action today (`/today`), the session tracker (`/sessions`) and one session
/// (`/sessions/{id}`), in the viewer's scope.
struct SessionController: Sendable {
    let reads: ScopedReadModel
    let renderer: PageRenderer
    let display: Display
    /// The tracker form's choices, kept a minute per scope.
    let filterChoices = FilterChoices.Cache()

    func addRoutes(to pages: RouterGroup<SignedInRequestContext>) {
        pages.get("/today", use: today)
        pages.get("/sessions", use: tracker)
        pages.get("/sessions/{id}", use: session)
    }

    struct TrackerPage {
        let chrome: Chrome
        let rows: [SessionRow]
        let rangeLabel: String
        let previousURL: String?
        let nextURL: String?
        let csvURL: String
        let from: String
        let to: String
        let mentorOptions: [Option]
        let clusterOptions: [Option]
        let typeOptions: [Option]
        let sentimentOptions: [Option]
        let flagOptions: [Option]
    }

    func tracker(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let viewer = context.viewer
        let query = try reads.query(request, viewer: viewer)
        let page = try await reads.store.read(.sessions(matching: query.filter, limit: query.limit, offset: query.offset))
        // The choices of the filter form: what the viewer's scope holds (kept for a minute).
        let choices = try await filterChoices.choices(scope: viewer.scope) { FilterChoices(records: try await reads.store.read(.records(matching: ScopedReadModel.scopeFilter(viewer)))) }
        let clusters = viewer.scope.clusters.map { $0.sorted() } ?? choices.clusters
        let first = page.total == 0 ? 0 : query.offset + 1
        let last = min(query.offset + page.items.count, page.total)
        let view = TrackerPage(
            chrome: Chrome("Session tracker", viewer: viewer, active: "sessions"),
            rows: page.items.map { SessionRow($0, display: display) },
            rangeLabel: page.total == 0 ? "No sessions" : "Sessions \(first)–\(last) of \(page.total)",
            previousURL: query.offset > 0 ? query.link("/sessions", offset: max(0, query.offset - query.limit)) : nil,
            nextURL: last < page.total ? query.link("/sessions", offset: query.offset + query.limit) : nil,
            csvURL: query.link("/v1/sessions.csv"),
            from: query.parameter("from") ?? "", to: query.parameter("to") ?? "",
            mentorOptions: choices.mentors.map { Option(value: $0.id, label: $0.name, selected: $0.id == query.filter.mentorID?.rawValue) },
            clusterOptions: clusters.map { Option(value: $0, label: $0, selected: query.requestedClusters == [$0]) },
            typeOptions: choices.types.map { Option(value: $0, label: $0, selected: $0 == query.filter.sessionType?.rawValue) },
            sentimentOptions: SentimentLabel.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == query.filter.sentiment) },
            flagOptions: FlagLevel.allCases.reversed().map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == query.filter.flagLevel) })
        return renderer.page(view, template: "sessions")
    }

    struct SessionView {
        struct Entry {
            let at: String
            let level: String
            let reasons: String
        }
        struct Line {
            let at: String
            let when: String
            let what: String
            let detail: String
        }
        let chrome: Chrome
        let id: String
        let level: String
        let reasons: [String]
        let hasReasons: Bool
        let type: String
        let when: String
        let mentorName: String
        let mentorURL: String
        let learnerName: String
        let cluster: String
        let program: String
        let batch: String
        let state: String
        let duration: String
        let attended: String
        let prep: String
        let followUpScheduled: String
        let rating: String
        let sentiment: String?
        let sentimentDetail: String
        let aspects: [String]
        let comment: String?
        let summary: String?
        let summaryStatus: String
        let keyPhrases: [String]
        let hasKeyPhrases: Bool
        let actionItems: [String]
        let hasActionItems: Bool
        /// The pre-session agenda the summary service wrote for the mentor (agenda.generated).
        let hasAgenda: Bool
        let firstSession: Bool
        let agendaItems: [String]
        let agendaChecklist: [String]
        let flagHistory: [Entry]
        let followUps: [Line]
        let notifications: [Line]
    }

    func session(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let detail = try await reads.visibleSession(id: context.parameters.get("id") ?? "", viewer: context.viewer)
        let record = detail.record
        let row = SessionRow(record, display: display)
        let duration = [record.scheduledDurationMin.map { "\($0) min booked" }, record.actualDurationMin.map { "\($0) min held" }]
            .compactMap { $0 }.joined(separator: ", ")
        let summary = record.summary
        var notifications = detail.notifications.map { entry in
            SessionView.Line(
                at: display.when(entry.at), when: "", what: "\(entry.channel.rawValue) to \(entry.recipientRole.rawValue)",
                detail: "\(entry.trigger.rawValue): " + (entry.delivered ? "delivered" : "failed" + (entry.error.map { " (\($0))" } ?? "")))
        }
        notifications += detail.escalations.map { escalation in
            SessionView.Line(
                at: display.when(escalation.openedAt), when: "", what: "escalation " + (escalation.isOpen ? "open" : "acknowledged"),
                detail: (escalation.isOpen ? "due " + display.when(escalation.dueAt) : "by " + (escalation.acknowledgedBy ?? "–"))
                    + (escalation.breachedAt != nil ? ", breached" : ""))
        }
        let view = SessionView(
            chrome: Chrome("Session \(record.sessionID.rawValue)", viewer: context.viewer, active: "sessions"),
            id: row.id, level: row.level, reasons: row.reasons, hasReasons: !row.reasons.isEmpty, type: row.type, when: row.when,
            mentorName: row.mentorName, mentorURL: row.mentorURL, learnerName: row.learnerName, cluster: row.cluster,
            program: record.program ?? "–", batch: record.batch ?? "–", state: row.state, duration: duration.isEmpty ? "–" : duration,
            attended: Display.yesNo(record.learnerAttended), prep: record.mentorPrep?.rawValue ?? "–",
            followUpScheduled: Display.yesNo(record.followUpScheduled), rating: row.rating, sentiment: row.sentiment,
            sentimentDetail: record.sentiment.map { String(format: "score %.2f, %@", $0.score, $0.language.rawValue) } ?? "",
            aspects: (record.sentiment?.aspects ?? []).map(\.rawValue).filter { $0 != "none" },
            comment: record.feedbackMissing ? nil : record.comment,
            summary: summary?.text, summaryStatus: summary.map { "\($0.status.rawValue), version \($0.version)" } ?? "",
            keyPhrases: summary?.keyPhrases ?? [], hasKeyPhrases: !(summary?.keyPhrases ?? []).isEmpty,
            actionItems: (summary?.actionItems ?? []).map { item in
                "\(item.text) (\([item.owner.rawValue, item.dueHint].compactMap { $0 }.joined(separator: ", ")))"
            },
            hasActionItems: !(summary?.actionItems ?? []).isEmpty,
            hasAgenda: detail.agenda != nil, firstSession: detail.agenda?.firstSession ?? false,
            agendaItems: detail.agenda?.items ?? [], agendaChecklist: detail.agenda?.checklist ?? [],
            flagHistory: detail.flagHistory.reversed().map {
                SessionView.Entry(at: display.when($0.at), level: $0.level.rawValue, reasons: $0.reasons.map(Display.reason).joined(separator: ", "))
            },
            followUps: detail.followUps.map {
                SessionView.Line(at: display.when($0.bookedAt), when: display.when($0.scheduledAt), what: "", detail: "\($0.followUpSessionID.rawValue), \($0.durationMin) min")
            },
            notifications: notifications)
        return renderer.page(view, template: "session")
    }

    struct TodayPage {
        struct Escalation {
            let escalationID: String
            let id: String
            let url: String
            let mentorName: String
            let opened: String
            let due: String
            let reason: String
        }
        let chrome: Chrome
        let summaryLine: String
        let escalations: [Escalation]
        let escalationCount: Int
        let redRows: RowBlock
        let redCount: Int
        let yellowRows: RowBlock
        let yellowCount: Int
        let missingRows: RowBlock
        let missingCount: Int
    }

    func today(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer, defaultLimit: 15)
        func block(_ level: FlagLevel) async throws -> RowBlock {
            var filter = query.filter
            filter.flagLevel = level
            let page = try await reads.store.read(.sessions(matching: filter, limit: query.limit, offset: 0))
            let more = page.total > page.items.count ? "/sessions?flag=\(level.rawValue)" : nil
            return RowBlock(rows: page.items.map { SessionRow($0, display: display) }, total: page.total, moreURL: more)
        }
        let red = try await block(.red)
        let yellow = try await block(.yellow)
        var completed = query.filter
        completed.state = .completed
        let missing = try await reads.store.read(.records(matching: completed)).filter(\.feedbackMissing)
            .sorted { ($0.scheduledAt ?? .distantPast) > ($1.scheduledAt ?? .distantPast) }
        let missingBlock = RowBlock(
            rows: missing.prefix(query.limit).map { SessionRow($0, display: display) }, total: missing.count, moreURL: nil)
        let escalations = try await reads.store.read(.openEscalations(matching: query.filter))
        let view = TodayPage(
            chrome: Chrome("Needs action today", viewer: context.viewer, active: "today"),
            summaryLine: "\(escalations.count) open escalations, \(red.total) red and \(yellow.total) yellow sessions, \(missing.count) completed sessions without feedback.",
            escalations: escalations.map { item in
                TodayPage.Escalation(
                    escalationID: SessionRow.pathComponent(item.escalation.escalationID.rawValue), id: item.session.sessionID.rawValue, url: "/sessions/" + SessionRow.pathComponent(item.session.sessionID.rawValue),
                    mentorName: item.session.mentorName ?? "–", opened: display.when(item.escalation.openedAt), due: display.when(item.escalation.dueAt),
                    reason: item.escalation.reasons.map(Display.reason).joined(separator: ", "))
            },
            escalationCount: escalations.count, redRows: red, redCount: red.total, yellowRows: yellow, yellowCount: yellow.total,
            missingRows: missingBlock, missingCount: missing.count)
        return renderer.page(view, template: "today")
    }
}
