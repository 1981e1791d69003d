import Foundation
import Model

/// Pass 3, problems: what the learner reports as having gone wrong. PMs act on these, so any one
/// that counts makes the comment negative whatever the praise around it (see `Reading+Excuses`
/// for the ones that do not count).
extension Reading {
    /// A reported problem: the unit and text span that show it, its aspect and weight, why it is
    /// one, and (filled by the excuse pass) what excuses it.
    struct Problem {
        enum Reason { case word, negatedExpectation, negatedResolution, device, cutShort, brokenPromise }
        var unit: Int
        var start: Int32
        var end: Int32
        var aspect: Aspect?
        var severity: Double
        var flags: EntryFlags
        var reason: Reason
        var excusedBy = -1
        var excuse = ""
        /// The negative word that made a device a problem ("poor" in "poor internet"), or -1:
        /// when the problem is excused it describes the learner's own set-up, not the session.
        var partner = -1
    }

    /// Fills `problems` (none excused yet).
    mutating func findProblems() {
        var hasContrast = false
        var aggravated = false
        for index in units.indices {
            guard let entry = entry(index) else { continue }
            let negated = negatedBy[index] >= 0
            // The span shown covers the negator, before ("did not join") or after ("aaye hi nahi").
            let start = negated ? min(units[Int(negatedBy[index])].start, units[index].start) : units[index].start
            let end = negated ? max(units[Int(negatedBy[index])].end, units[index].end) : units[index].end
            switch entry.kind {
            case .problem where !negated:
                add(Problem(unit: index, start: start, end: end, aspect: entry.aspect, severity: entry.value, flags: entry.flags, reason: .word))
            case .expect where negated:
                add(Problem(unit: index, start: start, end: end, aspect: entry.aspect, severity: 2, flags: entry.flags, reason: .negatedExpectation))
            case .resolution where negated:
                add(Problem(
                    unit: index, start: start, end: end, aspect: entry.aspect, severity: entry.value, flags: entry.flags,
                    reason: .negatedResolution))
            case .short:
                cutShort(from: index)
            case .contrast, .concessive:
                hasContrast = true
            case .aggravator:
                aggravated = true
            default:
                break
            }
        }
        for clause in clauses { deviceFaults(in: clause) }
        // "I was promised X but …", "promised notes, still nothing".
        if hasContrast || aggravated, let promise = firstUnit(of: .promise) {
            add(Problem(unit: promise, start: units[promise].start, end: units[promise].end, aspect: .helpfulness, severity: 1.5, flags: [], reason: .brokenPromise))
        }
    }

    private mutating func add(_ problem: Problem) {
        problems.append(problem)
    }

    /// "only 10 minutes", "ended after 15 minutes", "sirf 10 minute".
    private mutating func cutShort(from index: Int) {
        var next = index + 1
        var steps = 0
        while next + 1 < units.count, steps < 2, units[next].kind != .boundary {
            if units[next].kind == .number, kind(next + 1) == .duration {
                add(Problem(
                    unit: index, start: units[index].start, end: units[next + 1].end, aspect: .punctuality, severity: 2,
                    flags: entry(index)?.flags ?? [], reason: .cutShort))
                return
            }
            if isContent(next) { steps += 1 }
            next += 1
        }
    }

    /// A device and, in the same clause, a fault of the same aspect or (for tech) a negative word.
    private mutating func deviceFaults(in clause: Clause) {
        guard clause.start < clause.end else { return }
        for index in clause.start..<clause.end {
            guard let device = entry(index), device.kind == .device, negatedBy[index] < 0 else { continue }
            for other in clause.start..<clause.end where other != index {
                guard let fault = entry(other) else { continue }
                let negated = negatedBy[other] >= 0
                let matches: Bool
                switch fault.kind {
                case .fault: matches = !negated && fault.aspect == device.aspect
                case .sentiment: matches = device.aspect == .techIssues && ((fault.value < 0) != negated) && fault.value != 0
                default: matches = false
                }
                if matches {
                    add(Problem(
                        unit: index, start: min(units[index].start, units[other].start), end: max(units[index].end, units[other].end),
                        aspect: device.aspect, severity: 2, flags: device.flags, reason: .device,
                        partner: fault.kind == .sentiment ? other : -1))
                    break
                }
            }
        }
    }
}
