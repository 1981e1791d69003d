import Foundation
import Model

/// Pass 3b, excuses: problems that do not count against the session. The learner caused them
/// ("my internet", "as per my request"), explained their own absence, asked for them rather than
/// reported them, or they were resolved ("informed in advance"); unless the comment aggravates
/// them ("again", "third time"). Excused problems stay in the evidence as "not counted".
extension Reading {
    /// Learner-caused and resolved problems do not count, unless the comment aggravates them.
    mutating func excuseProblems() {
        guard !problems.isEmpty else { return }
        if firstUnit(of: .aggravator) != nil { return }
        let selfCause = firstUnit(of: .selfCause)
        let explained = learnerExplainedSentences()
        var resolution = firstUnit(of: .resolution)
        while let found = resolution, negatedBy[found] >= 0 { resolution = firstUnit(of: .resolution, from: found + 1) }
        for number in problems.indices {
            let problem = problems[number]
            if problem.flags.contains(.selfCaused) {
                if let selfCause {
                    problems[number].excusedBy = selfCause
                    problems[number].excuse = "learner-caused"
                    continue
                }
                if let person = firstPersonBefore(problem.unit) ?? possessiveBefore(problem) {
                    problems[number].excusedBy = person
                    problems[number].excuse = "learner-caused"
                    continue
                }
                if let cause = explained[Int(sentenceOf[problem.unit])] {
                    problems[number].excusedBy = cause
                    problems[number].excuse = "learner-explained"
                    continue
                }
            }
            if problem.flags.contains(.resolvable), let resolution {
                problems[number].excusedBy = resolution
                problems[number].excuse = "resolved"
                continue
            }
            // "Can we reschedule …?", "please cancel Friday's session": asked for, not reported.
            let clause = clauses[Int(clauseOf[problem.unit])]
            if problem.flags.contains(.resolvable), clause.request || sentences[Int(sentenceOf[problem.unit])].question {
                problems[number].excusedBy = clause.dampUnit >= 0 ? clause.dampUnit : problem.unit
                problems[number].excuse = "asked for, not reported"
            }
        }
    }

    /// Per sentence, the `cause` connective when the writer explains their own absence: a `self`
    /// problem opens its clause with no subject ("Had to reschedule due to …", "Sorry, could not
    /// join because of …", "Rescheduled because of …"), a cause follows it, and the sentence names
    /// no one else ("Rescheduled because the mentor was busy" still counts).
    /// Hindi order puts the cause first: "exam ki wajah se reschedule karna pada".
    private func learnerExplainedSentences() -> [Int: Int] {
        var explained: [Int: Int] = [:]
        for problem in problems where problem.flags.contains(.selfCaused) {
            let sentenceNumber = Int(sentenceOf[problem.unit])
            guard explained[sentenceNumber] == nil else { continue }
            let sentence = sentences[sentenceNumber]
            let end = sentence.end > 0 ? sentence.end : units.count
            guard firstUnit(from: sentence.start, to: end, where: { $0.kind == .thirdPerson }) == nil else { continue }
            let clause = clauses[Int(clauseOf[problem.unit])]
            if hasNoSubject(problem, from: clause.start),
                let cause = firstUnit(from: problem.unit + 1, to: end, where: { $0.kind == .cause })
            {
                explained[sentenceNumber] = cause
            } else if let cause = lastUnit(of: .cause, from: clause.start, before: problem.unit), hasNoSubject(problem, from: cause + 1) {
                explained[sentenceNumber] = cause
            }
        }
        return explained
    }

    private func lastUnit(of kind: EntryKind, from start: Int, before end: Int) -> Int? {
        var index = end - 1
        while index >= start {
            if self.kind(index) == kind { return index }
            index -= 1
        }
        return nil
    }

    /// Nothing but auxiliaries, particles, fillers and negators between `start` and the problem.
    private func hasNoSubject(_ problem: Problem, from start: Int) -> Bool {
        var before = start
        while before < problem.unit {
            if isContent(before) { return false }
            if kind(before) == .firstPerson { return false }
            before += 1
        }
        return true
    }

    /// The learner as subject ("I", "मैं") earlier in the same clause with no mentor reference between.
    private func firstPersonBefore(_ index: Int) -> Int? {
        let clause = clauses[Int(clauseOf[index])]
        var before = index - 1
        while before >= clause.start {
            if let entry = entry(before) {
                if entry.kind == .firstPerson, entry.value >= 1 { return before }
                if entry.kind == .thirdPerson { return nil }
            }
            before -= 1
        }
        return nil
    }

    /// "my audio", "mera net": the learner's own device.
    private func possessiveBefore(_ problem: Problem) -> Int? {
        guard problem.reason == .device, problem.unit > 0, kind(problem.unit - 1) == .firstPerson else { return nil }
        return problem.unit - 1
    }
}
