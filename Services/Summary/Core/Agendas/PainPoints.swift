/// The batch's current pain points: key phrases of neutral and negative feedback in the same
/// batch over the last 30 days, ranked by how many sessions' feedback mention them (then
/// alphabetically), with the same diversity rule as key phrases.
public enum PainPoints {
    public static let windowDays = 30
    public static let limit = 5
    /// At most this many of the batch's latest complaints are read for one agenda.
    public static let maxSessions = 500

    /// `phrasesPerSession`: each session's comment key phrases.
    public static func rank(_ phrasesPerSession: [[String]], limit: Int = PainPoints.limit) -> [String] {
        var counts: [String: Int] = [:]
        for phrases in phrasesPerSession {
            for phrase in Set(phrases) { counts[phrase, default: 0] += 1 }
        }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ranked.map {
            KeyPhraseExtractor.Candidate(text: $0.key, stems: SummaryWriter.stems($0.key), score: Double($0.value), firstPosition: 0)
        }.diverse(limit: limit).map(\.text)
    }
}
