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
///
/// One file per pass: `Reading+Structure`, `Reading+Negation`, `Reading+Problems`,
/// `Reading+Excuses`, `Reading+Sentiment`; then `Reading+Result` (label, score, confidence,
/// aspects) and `Reading+Evidence` (the lines that explain it). `Reading+Lookup` holds the unit
/// lookups they share. Each pass reads what the earlier ones wrote into the state below and
/// writes only its own part of it, so the order in `run()` is the order of the rules.
struct Reading {
    static let maxEvidence = 20
    static let threshold = 0.5

    let entries: [Entry]
    let units: ContiguousArray<Unit>
    let text: String

    // The state the passes build: each part is written by the pass named above it and only read
    // by the later ones.

    // Structure: per unit its clause and sentence; the clauses and sentences.
    var clauseOf: ContiguousArray<Int32>
    var sentenceOf: ContiguousArray<Int32>
    var clauses: ContiguousArray<Clause> = []
    var sentences: ContiguousArray<Sentence> = []
    // Negation: per unit the negator that reaches it (or -1) and whether that negation praises;
    // the negators that balance what came before.
    var negatedBy: ContiguousArray<Int32>
    var praisingNegation: ContiguousArray<Bool>
    var ellipticals: [Int] = []
    // Problems: found by the problem pass, marked excused by the excuse pass.
    var problems: [Problem] = []
    // Sentiment: each unit's contribution, and whether a damper or a question changed one (for the evidence).
    var contributions: [Contribution] = []
    var usedDamper = false
    var usedQuestion = false

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
}
