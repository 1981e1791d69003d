/// Finds a due date as said in a sentence ("by Friday", "next week", "before the next session",
/// "kal tak", "agle hafte") and returns it as written. Patterns are word sequences matched on
/// lower-cased words, first start position wins, longer patterns before shorter ones.
public enum DueHint {
    enum Slot {
        case one(Set<String>)
        case optional(Set<String>)
    }

    static let days: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "somvar", "mangalvar", "budhvar", "guruvar", "shukravar", "shanivar", "ravivar",
    ]
    static let numbers: Set<String> = Set((1...31).map(String.init)).union(
        ["one", "two", "three", "four", "five", "six", "seven", "ten", "a", "couple"])
    static let periods: Set<String> = ["week", "weekend", "month", "session", "call", "meeting", "class", "sprint"]
    static let units: Set<String> = ["day", "days", "week", "weeks", "hour", "hours", "month", "months"]
    static let hindiPeriods: Set<String> = ["hafte", "hafta", "mahine", "session", "week", "class", "call"]

    static let patterns: [[Slot]] = [
        [.one(["by", "before"]), .optional(["the"]), .one(["end"]), .one(["of"]), .optional(["the", "this"]), .one(["day", "week", "month"])],
        [.one(["by", "before"]), .optional(["the"]), .one(["next"]), .one(days.union(periods))],
        [.one(["by", "before"]), .one(["this"]), .one(days.union(periods))],
        [.one(["by", "before"]), .one(days.union(["tomorrow", "tonight", "eod", "eow", "today"]))],
        [.one(["by", "before"]), .one(numbers), .one(["jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "september", "oct", "october", "nov", "november", "dec", "december"])],
        [.one(["within", "in"]), .optional(["the", "next"]), .one(numbers), .one(units)],
        [.one(["next"]), .one(days.union(["week", "month", "session", "call", "class"]))],
        [.one(["this"]), .one(["week", "weekend", "evening"])],
        [.one(["tomorrow", "tonight"])],
        [.one(["agle", "agli"]), .one(hindiPeriods), .one(["se"]), .one(["pehle", "pahle"])],
        [.one(["agle", "agli"]), .one(hindiPeriods), .optional(["tak"])],
        [.one(["next"]), .one(["session", "class", "call", "week"]), .one(["se"]), .one(["pehle", "pahle"])],
        [.one(days.union(["kal", "parso", "shaam", "raat", "weekend", "sunday", "aaj"])), .one(["tak"])],
        [.one(["kal", "parso"])],
    ]

    /// The due hint of a sentence, as written, or nil.
    public static func find(in words: [Word]) -> String? {
        let keys = words.map(\.key)
        for start in keys.indices {
            for pattern in patterns {
                if let end = match(pattern, keys, from: start) {
                    return words[start..<end].map(\.surface).joined(separator: " ")
                }
            }
        }
        return nil
    }

    static func match(_ pattern: [Slot], _ keys: [String], from start: Int) -> Int? {
        var index = start
        for slot in pattern {
            switch slot {
            case .one(let options):
                guard index < keys.count, options.contains(keys[index]) else { return nil }
                index += 1
            case .optional(let options):
                if index < keys.count, options.contains(keys[index]) { index += 1 }
            }
        }
        return index
    }
}
