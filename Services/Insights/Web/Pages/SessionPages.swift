import Foundation
import Hummingbird
import InsightsCore
import Model

/// A tracker row: one session, its flag and why.
struct SessionRow {
    let id: String
    let url: String
    let level: String
    let reasons: [String]
    let when: String
    let mentorName: String
    let mentorURL: String
    let learnerName: String
    let cluster: String
    let type: String
    let state: String
    let rating: String
    let sentiment: String?

    init(_ record: SessionRecord, display: Display) {
        id = record.sessionID.rawValue
        url = "/sessions/" + Self.pathComponent(record.sessionID.rawValue)
        level = record.flag.level.rawValue
        reasons = record.flag.reasons.map(Display.reason)
        when = display.when(record.scheduledAt)
        mentorName = record.mentorName ?? record.mentorID?.rawValue ?? "–"
        mentorURL = record.mentorID.map { "/mentors/" + Self.pathComponent($0.rawValue) } ?? "/mentors"
        learnerName = record.learnerName ?? record.learnerID?.rawValue ?? "–"
        cluster = record.pmCluster?.rawValue ?? "–"
        type = record.sessionType?.rawValue ?? "–"
        state = Display.state(record.state)
        rating = record.rating.map(String.init) ?? "–"
        sentiment = record.sentiment?.label.rawValue
    }

    static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }
}

struct Option {
    let value: String
    let label: String
    let selected: Bool
}

/// A block of session rows with a link to all of them (the "today" page's sections).
struct RowBlock {
    let rows: [SessionRow]
    let total: Int
    let moreURL: String?
}

extension InsightsDashboard {
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

    func trackerPage(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        let page = try store.sessions(matching: query.filter, limit: query.limit, offset: query.offset)
        // The choices of the filter form: what the viewer's scope holds (kept for a minute).
        let choices = try filterChoices.choices(scope: viewer.scope) { FilterChoices(records: try store.records(matching: Self.scopeFilter(viewer))) }
        let clusters = viewer.scope.clusters.map { $0.sorted() } ?? choices.clusters
        let first = page.total == 0 ? 0 : query.offset + 1
        let last = min(query.offset + page.items.count, page.total)
        let view = TrackerPage(
            chrome: chrome("Session tracker", viewer: viewer, active: "sessions"),
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
        return Responses.html(renderer.render(view, template: "sessions"))
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

    func sessionPage(_ request: Request, _ context: InsightsRequestContext, viewer: Viewer) throws -> Response {
        let detail = try visibleSession(context, viewer: viewer)
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
            chrome: chrome("Session \(record.sessionID.rawValue)", viewer: viewer, active: "sessions"),
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
        return Responses.html(renderer.render(view, template: "session"))
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

    func todayPage(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer, defaultLimit: 15)
        func block(_ level: FlagLevel) throws -> RowBlock {
            var filter = query.filter
            filter.flagLevel = level
            let page = try store.sessions(matching: filter, limit: query.limit, offset: 0)
            let more = page.total > page.items.count ? "/sessions?flag=\(level.rawValue)" : nil
            return RowBlock(rows: page.items.map { SessionRow($0, display: display) }, total: page.total, moreURL: more)
        }
        let red = try block(.red)
        let yellow = try block(.yellow)
        var completed = query.filter
        completed.state = .completed
        let missing = try store.records(matching: completed).filter(\.feedbackMissing)
            .sorted { ($0.scheduledAt ?? .distantPast) > ($1.scheduledAt ?? .distantPast) }
        let missingBlock = RowBlock(
            rows: missing.prefix(query.limit).map { SessionRow($0, display: display) }, total: missing.count, moreURL: nil)
        let escalations = try store.openEscalations(matching: query.filter)
        let view = TodayPage(
            chrome: chrome("Needs action today", viewer: viewer, active: "today"),
            summaryLine: "\(escalations.count) open escalations, \(red.total) red and \(yellow.total) yellow sessions, \(missing.count) completed sessions without feedback.",
            escalations: escalations.map { item in
                TodayPage.Escalation(
                    escalationID: SessionRow.pathComponent(item.escalation.escalationID.rawValue), id: item.session.sessionID.rawValue, url: "/sessions/" + SessionRow.pathComponent(item.session.sessionID.rawValue),
                    mentorName: item.session.mentorName ?? "–", opened: display.when(item.escalation.openedAt), due: display.when(item.escalation.dueAt),
                    reason: item.escalation.reasons.map(Display.reason).joined(separator: ", "))
            },
            escalationCount: escalations.count, redRows: red, redCount: red.total, yellowRows: yellow, yellowCount: yellow.total,
            missingRows: missingBlock, missingCount: missing.count)
        return Responses.html(renderer.render(view, template: "today"))
    }
}
