import InsightsCore

/// A mentor's row on the snapshot and the mentor list.
struct MentorLine {
    let url: String
    let name: String
    let cluster: String
    let sessions: Int
    let completion: String
    let rating: String
    let prep: String
    let followUp: String
    let red: Int

    init(_ mentor: MentorMetrics, red: Int, display: Display) {
        url = "/mentors/" + SessionRow.pathComponent(mentor.mentorID)
        name = mentor.mentorName ?? mentor.mentorID
        cluster = mentor.pmCluster ?? "–"
        sessions = mentor.sessions
        completion = display.percent(mentor.completionRate)
        rating = display.decimal(mentor.avgRating)
        prep = display.percent(mentor.prepDoneRate)
        followUp = display.percent(mentor.followUpRate)
        self.red = red
    }
}
