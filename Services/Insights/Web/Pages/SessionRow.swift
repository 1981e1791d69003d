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
