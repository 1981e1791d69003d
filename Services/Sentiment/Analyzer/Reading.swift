import Foundation
import Model

/// The rules, applied to one comment's units in a few passes:
///
/// 1. structure: sentences (. ! ? । ;), clauses (also commas, contrasts, concessives),
///    per clause its dampers (request, reported speech, plans, hedges, conditions);
/// 2. negation: English negators reach forward (3 content words); Hindi-order ones
///    ("nahi", "नहीं") take the word just before them, else the next; "can't … better" praises;
///    "some useful, some not" balances;
/// 3. problems: problem words, negated expectations ("did not join"), a device with a fault
///    ("audio kept cutting"), a session cut short ("only 10 minutes"), a promise not kept;
///    excused when the learner caused it ("my internet", "as per my request") or it was
///    resolved ("informed in advance"), unless aggravated ("again", "third time");
/// 4. sentiment: lexicon valences × intensifiers, caps, elongation, negation, dampers,
///    questions, exclamation marks, and contrast weights (the clause after "but" counts more).
///
/// Label: any problem that counts → negative (the label policy: PMs act on reported problems,
/// also in sarcasm and contrast); otherwise the sentiment sum decides (±0.5); faint praise
/// counts once and only a little, so "ok", "decent", "fine I guess" stay neutral.
struct Reading {
    static let maxEvidence = 20
    static let threshold = 0.5

    let entries: [Entry]
    let units: ContiguousArray<Unit>
    let text: String

    struct Clause {
        var start: Int
        var end: Int = 0
        var damp = 1.0
        var dampUnit = -1
        var weight = 1.0
        var weightUnit = -1
        var request = false
        var followup = false
    }

    struct Sentence {
        var start: Int
        var end: Int = 0
        var question = false
        var exclaim = 0
        var contrast = -1
        var contrastWeight = 1.0
        /// The sentence opens with a contrast: the one before it is the weaker side.
        var contrastAtStart = false
    }

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

    struct Contribution {
        var unit: Int
        var start: Int32
        var end: Int32 = -1
        var value: Double
        var faint = false
        var negated = false
        var praisingNegation = false
        var elliptical = false
        var courtesy = false
    }

    private(set) var clauseOf: ContiguousArray<Int32>
    private(set) var sentenceOf: ContiguousArray<Int32>
    private(set) var clauses: ContiguousArray<Clause> = []
    private(set) var sentences: ContiguousArray<Sentence> = []
    private(set) var negatedBy: ContiguousArray<Int32>
    private(set) var praisingNegation: ContiguousArray<Bool>
    private(set) var ellipticals: [Int] = []
    private(set) var problems: [Problem] = []
    private(set) var contributions: [Contribution] = []
    private var usedDamper = false
    private var usedQuestion = false

    init(lexicon: Lexicon, units: ContiguousArray<Unit>, text: String) {
        entries = lexicon.entries
        self.units = units
        self.text = text
        clauseOf = ContiguousArray(repeating: 0, count: units.count)
        sentenceOf = ContiguousArray(repeating: 0, count: units.count)
        negatedBy = ContiguousArray(repeating: -1, count: units.count)
        praisingNegation = ContiguousArray(repeating: false, count: units.count)
    }

    mutating func run() {
        structure()
        negation()
        findProblems()
        excuseProblems()
        sumSentiment()
    }

    // MARK: Helpers

    @inline(__always) func entry(_ index: Int) -> Entry? {
        let unit = units[index]
        return unit.kind == .entry ? entries[Int(unit.entry)] : nil
    }

    @inline(__always) func kind(_ index: Int) -> EntryKind? { entry(index)?.kind }

    /// The first unit of `kind` at or after `start` (a loop, not a closure: capturing `self` would retain every array).
    func firstUnit(of kind: EntryKind, from start: Int = 0) -> Int? {
        var index = start
        while index < units.count {
            if units[index].kind == .entry, entries[Int(units[index].entry)].kind == kind { return index }
            index += 1
        }
        return nil
    }

    /// The first entry unit in `start..<end` whose entry satisfies `test`.
    func firstUnit(from start: Int, to end: Int, where test: (Entry) -> Bool) -> Int? {
        var index = start
        while index < end {
            if units[index].kind == .entry, test(entries[Int(units[index].entry)]) { return index }
            index += 1
        }
        return nil
    }

    /// Words that count in the reach of negation and intensifiers.
    func isContent(_ index: Int) -> Bool {
        switch units[index].kind {
        case .boundary: return false
        case .entry:
            let entry = entries[Int(units[index].entry)]
            return !entry.isFunctionWord && entry.kind != .negator
        default: return true
        }
    }

    // MARK: 1. Structure

    private mutating func structure() {
        clauses.append(Clause(start: 0))
        sentences.append(Sentence(start: 0))
        var sentenceHasContent = false
        for index in units.indices {
            let unit = units[index]
            if unit.kind == .boundary {
                clauseOf[index] = Int32(clauses.count - 1)
                sentenceOf[index] = Int32(sentences.count - 1)
                clauses[clauses.count - 1].end = index + 1
                clauses.append(Clause(start: index + 1))
                if unit.strong {
                    sentences[sentences.count - 1].end = index + 1
                    sentences[sentences.count - 1].question = unit.question
                    sentences[sentences.count - 1].exclaim = Int(unit.exclaim)
                    sentences.append(Sentence(start: index + 1))
                    sentenceHasContent = false
                }
                continue
            }
            if let entry = entry(index) {
                switch entry.kind {
                case .contrast where isContrast(at: index, entry):
                    openClause(at: index)
                    if !sentenceHasContent {
                        sentences[sentences.count - 1].contrastAtStart = sentences.count > 1
                        sentences[sentences.count - 1].contrastWeight = entry.value
                    } else if sentences[sentences.count - 1].contrast < 0 {
                        sentences[sentences.count - 1].contrast = index
                        sentences[sentences.count - 1].contrastWeight = entry.value
                    }
                case .concessive:
                    openClause(at: index)
                    clauses[clauses.count - 1].weight = entry.value
                    clauses[clauses.count - 1].weightUnit = index
                case .request, .damper:
                    if entry.value < clauses[clauses.count - 1].damp {
                        clauses[clauses.count - 1].damp = entry.value
                        clauses[clauses.count - 1].dampUnit = index
                    }
                    if entry.kind == .request { clauses[clauses.count - 1].request = true }
                case .followup:
                    clauses[clauses.count - 1].followup = true
                default:
                    break
                }
            }
            clauseOf[index] = Int32(clauses.count - 1)
            sentenceOf[index] = Int32(sentences.count - 1)
            if isContent(index) { sentenceHasContent = true }
        }
        clauses[clauses.count - 1].end = units.count
        sentences[sentences.count - 1].end = units.count
    }

    private mutating func openClause(at index: Int) {
        if clauses[clauses.count - 1].start < index {
            clauses[clauses.count - 1].end = index
            clauses.append(Clause(start: index))
        }
    }

    /// `after_aux` contrasts ("par", "पर") are also postpositions: they count only after an
    /// auxiliary ("aata tha par") or a comma.
    private func isContrast(at index: Int, _ entry: Entry) -> Bool {
        guard entry.flags.contains(.afterAux) else { return true }
        guard index > 0 else { return false }
        if units[index - 1].kind == .boundary { return !units[index - 1].strong }
        return kind(index - 1) == .aux
    }

    // MARK: 2. Negation

    private mutating func negation() {
        for index in units.indices {
            guard let negator = entry(index), negator.kind == .negator else { continue }
            let clause = clauses[Int(clauseOf[index])]
            var target = -1
            if negator.flags.contains(.post) {
                // Hindi order: the word just before ("bura nahi", "aaye hi nahi"), else the next one.
                var before = index - 1
                while before >= clause.start, let kind = kind(before), kind == .particle || kind == .aux || kind == .intensifier {
                    before -= 1
                }
                if before >= clause.start, isNegatable(before) {
                    target = before
                } else {
                    target = forwardTarget(from: index, in: clause, reach: 2)
                }
            } else {
                target = forwardTarget(from: index, in: clause, reach: 3)
            }
            if target >= 0 {
                negatedBy[target] = Int32(index)
                if negator.flags.contains(.modal) {
                    praisingNegation[target] = firstUnit(from: index + 1, to: clause.end) { $0.flags.contains(.comparative) } != nil
                }
            } else if isAfterPartial(index, clause: clause) {
                ellipticals.append(index)
            }
        }
    }

    private func isNegatable(_ index: Int) -> Bool {
        guard negatedBy[index] < 0, let entry = entry(index) else { return false }
        return entry.isNegatable
    }

    private func forwardTarget(from index: Int, in clause: Clause, reach: Int) -> Int {
        var steps = 0
        var next = index + 1
        while next < clause.end, units[next].kind != .boundary {
            if isNegatable(next) { return next }
            if isContent(next) {
                steps += 1
                if steps >= reach { break }
            }
            next += 1
        }
        return -1
    }

    /// "some not", "thoda nahi": a negator with nothing to negate right after a partial quantifier.
    private func isAfterPartial(_ index: Int, clause: Clause) -> Bool {
        var before = index - 1
        while before >= clause.start, kind(before) == .particle || kind(before) == .aux { before -= 1 }
        guard before >= 0 else { return false }
        return entry(before)?.flags.contains(.partial) == true
    }

    // MARK: 3. Problems

    private mutating func findProblems() {
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

    /// Learner-caused and resolved problems do not count, unless the comment aggravates them.
    private mutating func excuseProblems() {
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

    // MARK: 4. Sentiment

    private mutating func sumSentiment() {
        let ownSetUp = Set(problems.lazy.filter { $0.excusedBy >= 0 && $0.partner >= 0 }.map(\.partner))
        var sentenceSum = 0.0
        var currentSentence = -1
        for index in units.indices {
            let sentence = Int(sentenceOf[index])
            if sentence != currentSentence {
                currentSentence = sentence
                sentenceSum = 0
            }
            if ellipticals.contains(index), sentenceSum != 0 {
                contributions.append(Contribution(unit: index, start: units[index].start, value: -sentenceSum, elliptical: true))
                sentenceSum = 0
                continue
            }
            guard !ownSetUp.contains(index), var (value, faint) = baseValence(index) else { continue }
            let (multiplier, modifierStart) = intensity(index)
            if let entry = entry(index), entry.flags.contains(.excessOnly), multiplier <= 1 { continue }
            value *= multiplier
            if units[index].caps { value *= 1.3 }
            if units[index].elongated { value *= 1.2 }
            var start = min(modifierStart, units[index].start)
            var end = units[index].end
            let negated = negatedBy[index] >= 0
            if negated {
                start = min(start, units[Int(negatedBy[index])].start)
                end = max(end, units[Int(negatedBy[index])].end)
                if praisingNegation[index] {
                    value = abs(value) * 1.5
                } else if faint {
                    value = -1
                    faint = false
                } else {
                    value *= value > 0 ? -0.75 : -0.6
                }
            }
            let clause = clauses[Int(clauseOf[index])]
            if clause.damp < 1 { usedDamper = true }
            value *= clause.damp * clause.weight
            let info = sentences[sentence]
            if info.question {
                value *= 0.25
                usedQuestion = true
            }
            value *= 1 + 0.1 * Double(min(info.exclaim, 3))
            sentenceSum += value
            contributions.append(Contribution(
                unit: index, start: start, end: end, value: value, faint: faint, negated: negated && !praisingNegation[index],
                praisingNegation: negated && praisingNegation[index], courtesy: entry(index)?.flags.contains(.courtesy) == true))
        }
        // Contrast: the clause after "but" weighs more, the one before less.
        for number in contributions.indices {
            let index = contributions[number].unit
            let sentence = Int(sentenceOf[index])
            let info = sentences[sentence]
            if info.contrast >= 0 {
                contributions[number].value *= index < info.contrast ? 2 - info.contrastWeight : info.contrastWeight
            } else if info.contrastAtStart {
                contributions[number].value *= info.contrastWeight
            }
            if sentence + 1 < sentences.count, sentences[sentence + 1].contrastAtStart {
                contributions[number].value *= 2 - sentences[sentence + 1].contrastWeight
            }
        }
    }

    /// The valence of a unit before modifiers, and whether it is faint praise.
    private func baseValence(_ index: Int) -> (Double, Bool)? {
        let unit = units[index]
        switch unit.kind {
        case .rating:
            return (unit.number, false)
        case .entry:
            let entry = entries[Int(unit.entry)]
            switch entry.kind {
            case .sentiment:
                return entry.value == 0 ? nil : (entry.value, entry.flags.contains(.faint))
            case .expect:
                return entry.value == 0 || negatedBy[index] >= 0 ? nil : (entry.value, false)
            case .problem, .fault:
                // A negated problem is a negated negative: "never felt rushed", "late nahi", "no issues".
                return negatedBy[index] >= 0 ? (-max(entry.value, 2) * 0.75, false) : nil
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The product of the intensifiers and diminishers that reach a unit, and where the first one starts.
    private func intensity(_ index: Int) -> (Double, Int32) {
        let clause = clauses[Int(clauseOf[index])]
        var multiplier = 1.0
        var start = units[index].start
        var steps = 0
        var before = index - 1
        while before >= clause.start, steps < 2 {
            if let entry = entry(before) {
                switch entry.kind {
                case .intensifier where !entry.flags.contains(.post), .diminisher:
                    multiplier *= entry.value
                    start = units[before].start
                case .negator, .particle, .aux, .filler, .firstPerson, .thirdPerson:
                    break
                default:
                    steps += 1
                }
            } else if units[before].kind != .boundary {
                steps += 1
            }
            before -= 1
        }
        steps = 0
        var after = index + 1
        while after < clause.end, steps < 2 {
            if let entry = entry(after), entry.kind == .intensifier, entry.flags.contains(.post) {
                multiplier *= entry.value
            } else if isContent(after) {
                steps += 1
            }
            after += 1
        }
        return (multiplier, start)
    }

    // MARK: Result

    func result(language: FeedbackLanguage, version: String) -> SentimentResult {
        var sentiment = 0.0
        var faintBest: Contribution?
        var courtesy = 0.0
        var opinion = false
        for contribution in contributions {
            if contribution.faint {
                if abs(contribution.value) > abs(faintBest?.value ?? 0) { faintBest = contribution }
            } else if contribution.courtesy {
                courtesy += contribution.value
            } else {
                sentiment += contribution.value
                opinion = true
            }
        }
        // "ok, thanks", "fine, thank you": beside faint praise only, thanks is manners, not an opinion.
        let mannersOnly = faintBest != nil && !opinion
        if !mannersOnly { sentiment += courtesy }
        sentiment += faintBest?.value ?? 0
        var activeCount = 0
        var problemWeight = 0.0
        for problem in problems where problem.excusedBy < 0 {
            activeCount += 1
            problemWeight += problem.severity
        }

        let label: SentimentLabel
        if activeCount > 0 {
            label = .negative
        } else if sentiment >= Self.threshold {
            label = .positive
        } else if sentiment <= -Self.threshold {
            label = .negative
        } else {
            label = .neutral
        }
        let total = sentiment - problemWeight
        var score = total / (total * total + 4).squareRoot()
        switch label {
        case .negative: score = min(score, -0.15)
        case .positive: score = max(score, 0.15)
        case .neutral: break
        }
        score = (max(-1, min(1, score)) * 1000).rounded() / 1000

        let confidence: Double
        if activeCount > 0 {
            // Praise beside a problem (contrast, sarcasm) lowers it.
            confidence = 0.8 + 0.05 * Double(min(activeCount, 3)) - (sentiment > 1 ? 0.2 : 0)
        } else {
            let margin = switch label {
            case .positive: sentiment - Self.threshold
            case .negative: -Self.threshold - sentiment
            case .neutral: Self.threshold - abs(sentiment)
            }
            confidence = contributions.isEmpty && problems.isEmpty ? 0.7 : 0.55 + 0.4 * (1 - exp(-2 * margin))
        }

        return SentimentResult(
            label: label, score: score, confidence: (max(0, min(1, confidence)) * 1000).rounded() / 1000, language: language,
            aspects: aspects(faintBest: faintBest), evidence: evidence(label: label, faintBest: faintBest, mannersOnly: mannersOnly), analyzerVersion: version)
    }

    private func aspects(faintBest: Contribution?) -> [Aspect] {
        // A bit per position in `Aspect.allCases`, which is also the output order.
        var found: UInt32 = 0
        func insert(_ aspect: Aspect) { found |= 1 << UInt32(Self.aspectIndex[aspect] ?? 0) }
        for problem in problems { if let aspect = problem.aspect { insert(aspect) } }
        for contribution in contributions where abs(contribution.value) > 0.05 {
            if let aspect = entry(contribution.unit)?.aspect { insert(aspect) }
        }
        for clause in clauses where clause.followup {
            let question = clause.start < units.count && sentences[Int(sentenceOf[min(clause.start, units.count - 1)])].question
            if clause.request || question { insert(.followUpRequested) }
        }
        guard found != 0 else { return [.none] }
        var ordered: [Aspect] = []
        for (index, aspect) in Aspect.allCases.enumerated() where aspect != .none && found & (1 << UInt32(index)) != 0 { ordered.append(aspect) }
        return ordered
    }

    private static let aspectIndex: [Aspect: Int] = Dictionary(uniqueKeysWithValues: Aspect.allCases.enumerated().map { ($1, $0) })

    // MARK: Evidence

    private func snippet(_ start: Int32, _ end: Int32) -> String {
        let utf8 = text.utf8
        guard start >= 0, end > start, Int(end) <= utf8.count else { return "?" }
        let from = utf8.index(utf8.startIndex, offsetBy: Int(start))
        let to = utf8.index(utf8.startIndex, offsetBy: Int(min(end, start + 120)))
        let text = String(Substring(utf8[from..<to]))
        return text.isEmpty ? "?" : text
    }

    private func phrase(_ index: Int) -> String { snippet(units[index].start, units[index].end) }

    /// "+1.25", "-0.9": two decimals at most, without Double formatting (it is in the hot path).
    private func signed(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        let decimals = fraction == 0 ? "" : fraction % 10 == 0 ? ".\(fraction / 10)" : fraction < 10 ? ".0\(fraction)" : ".\(fraction)"
        return (value < 0 && hundredths > 0 ? "-" : "+") + String(hundredths / 100) + decimals
    }

    private func evidence(label: SentimentLabel, faintBest: Contribution?, mannersOnly: Bool) -> [String] {
        var lines: [String] = []
        for problem in problems.prefix(4 * Self.maxEvidence) {
            let aspect = problem.aspect.map { " (\($0.rawValue))" } ?? ""
            let what = snippet(problem.start, problem.end)
            let how = switch problem.reason {
            case .word: ""
            case .negatedExpectation: ", expected but did not happen"
            case .negatedResolution: ", not resolved"
            case .device: ", device fault"
            case .cutShort: ", session cut short"
            case .brokenPromise: ", promise not kept"
            }
            if problem.excusedBy >= 0 {
                lines.append("not counted: \"\(what)\"\(aspect): \(problem.excuse) (\"\(phrase(problem.excusedBy))\")")
            } else {
                lines.append("problem: \"\(what)\"\(aspect)\(how)")
            }
        }
        if !problems.isEmpty, let aggravator = firstUnit(of: .aggravator) {
            lines.append("aggravated: \"\(phrase(aggravator))\" (no excuse applies)")
        }
        let ranked = contributions.filter { !$0.faint || $0.unit == faintBest?.unit }.sorted { abs($0.value) > abs($1.value) }
        for contribution in ranked.prefix(8) {
            let words = snippet(contribution.start, max(contribution.end, units[contribution.unit].end))
            if contribution.elliptical {
                lines.append("\"\(words)\": balances what came before \(signed(contribution.value))")
            } else if mannersOnly, contribution.courtesy {
                lines.append("courtesy beside faint praise: \"\(words)\" (not counted)")
            } else if contribution.faint {
                lines.append("faint praise: \"\(words)\" \(signed(contribution.value))")
            } else if contribution.praisingNegation {
                lines.append("praise: \"\(words)\" (negated comparative) \(signed(contribution.value))")
            } else {
                let polarity = contribution.value >= 0 ? "positive" : "negative"
                lines.append("\(polarity): \"\(words)\"\(contribution.negated ? " (negated)" : "") \(signed(contribution.value))")
            }
        }
        for sentence in sentences {
            if sentence.contrast >= 0 {
                lines.append("contrast \"\(phrase(sentence.contrast))\": the clause after it weighs \(sentence.contrastWeight)x")
            }
        }
        for clause in clauses {
            if clause.weightUnit >= 0 {
                lines.append("concessive \"\(phrase(clause.weightUnit))\": its clause weighs \(clause.weight)x")
            }
            if usedDamper, clause.dampUnit >= 0 {
                let what = kind(clause.dampUnit) == .request ? "request" : "damper"
                lines.append("\(what) \"\(phrase(clause.dampUnit))\": sentiment in its clause x\(clause.damp)")
            }
        }
        if usedQuestion { lines.append("question: sentiment x0.25") }
        for index in units.indices where kind(index) == .domain {
            lines.append("difficulty word \"\(phrase(index))\": not a complaint")
        }
        if lines.isEmpty {
            lines.append(label == .neutral ? "no opinion or problem words" : "no evidence")
        }
        var unique: [String] = []
        for line in lines where unique.count < Self.maxEvidence && !unique.contains(line) { unique.append(line) }
        return unique
    }
}
