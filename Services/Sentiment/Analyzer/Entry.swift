import Model

/// What a lexicon phrase does. The format of the files and the meaning of every kind are
/// documented in `Resources/README.md`; the raw values are the spellings used there.
public enum EntryKind: String, CaseIterable, Sendable {
    /// A word with a valence (`value`, about -3...3); flag `faint` marks lukewarm praise.
    case sentiment
    /// Looks negative but is not in this domain ("hard", "tough"): valence 0, absorbs negation.
    case domain
    /// An idiom that means nothing for the label ("worst case", "not just"): valence 0.
    case neutral
    /// A reported problem that needs follow-up even without a sentiment word ("late").
    case problem
    /// Something the learner expects to happen ("join", "answer"): `value` when affirmed,
    /// a problem (aspect, flags) when negated ("did not join").
    case expect
    /// The problem was dealt with ("fixed", "informed"): problems flagged `resolvable` do not
    /// count; negated ("nobody informed me") it is itself a problem.
    case resolution
    /// The learner caused it ("as per my request", "I had to"): problems flagged `self` do not count.
    case selfCause = "self_cause"
    /// A cause connective ("due to", "because of", "ki wajah se"). A `self` problem with no
    /// subject of its own ("Had to reschedule due to …", "Could not join because of …"), in a
    /// sentence that names nobody else, is the writer explaining their own absence: it does not count.
    case cause
    /// Repetition or aggravation ("again", "third time"): problems can no longer be excused.
    case aggravator
    /// A device or channel ("audio", "internet"); with a `fault` of the same aspect, or a
    /// negative word, in the same clause it is a problem of that aspect.
    case device
    /// A malfunction ("kept cutting", "lagging"), paired with a `device`.
    case fault
    /// Negation. Default: applies forward (English). Flag `post`: Hindi order, applies to the
    /// word just before it ("bura nahi"), else forward. Flag `modal`: "can't", which intensifies
    /// instead when the clause holds a `comparative` ("couldn't ask for better").
    case negator
    /// Multiplies the next valenced word (`value` > 1); flag `post`: the previous one ("at all").
    case intensifier
    /// Multiplies the next valenced word (`value` < 1); flag `partial` ("some", "thoda") also
    /// allows the elliptical "some useful, some not".
    case diminisher
    /// "but", "lekin": the clause after weighs `value` (default 1.5), the one before 2 - value.
    /// Flag `after_aux`: only after an auxiliary or a comma ("tha par", not "resume par").
    case contrast
    /// "although", "even though": the clause it opens weighs `value` (default 0.4).
    case concessive
    /// Auxiliary verbs ("tha", "है"): not content, and the anchor of `after_aux` contrasts.
    case aux
    /// Emphatic particles ("hi", "bhi", "ही"): skipped by negation and intensifiers.
    case particle
    /// Function words ("the", "to", "my"): not counted in negation and intensifier reach.
    case filler
    /// A request ("please", "dijiye"): sentiment in its clause is multiplied by `value` (0.5).
    case request
    /// Reported speech, plans, hedges, conditions ("said", "will", "I guess", "if"): sentiment
    /// in its clause is multiplied by `value` (default 0.4).
    case damper
    /// Something a follow-up is about ("notes", "recording", "next session"): with a request
    /// or a question it sets the aspect follow_up_requested.
    case followup
    /// "I", "my", "मैं": before a `self` problem in the same clause, the learner caused it.
    case firstPerson = "first_person"
    /// "mentor", "sir", "he": ends the reach of a preceding first person.
    case thirdPerson = "third_person"
    /// "only", "sirf": followed by a number and a `duration`, the session was cut short.
    case short
    /// "minutes", "मिनट".
    case duration
    /// "promised": with a later contrast or aggravator, a promise not kept.
    case promise
}

/// The flags column of a lexicon line.
public struct EntryFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let faint = EntryFlags(rawValue: 1 << 0)
    /// Problem the learner may have caused (neutralised by `self_cause` or a first person).
    public static let selfCaused = EntryFlags(rawValue: 1 << 1)
    /// Problem a `resolution` neutralises.
    public static let resolvable = EntryFlags(rawValue: 1 << 2)
    public static let post = EntryFlags(rawValue: 1 << 3)
    public static let modal = EntryFlags(rawValue: 1 << 4)
    public static let comparative = EntryFlags(rawValue: 1 << 5)
    public static let afterAux = EntryFlags(rawValue: 1 << 6)
    public static let partial = EntryFlags(rawValue: 1 << 7)
    /// A valence that applies only after an intensifier ("too fast", "bahut तेज़").
    public static let excessOnly = EntryFlags(rawValue: 1 << 8)

    /// A courtesy formula ("thanks", "shukriya"): beside faint praise only, it is manners, not an
    /// opinion ("ok, thanks" stays neutral); with real praise or on its own it counts as usual.
    public static let courtesy = EntryFlags(rawValue: 1 << 9)

    static let names: [String: EntryFlags] = [
        "faint": .faint, "self": .selfCaused, "resolvable": .resolvable, "post": .post, "modal": .modal,
        "comparative": .comparative, "after_aux": .afterAux, "partial": .partial, "excess_only": .excessOnly,
        "courtesy": .courtesy,
    ]
}

/// One line of a lexicon file, compiled (plain values only, so reading one costs no reference counting).
struct Entry: Sendable {
    var kind: EntryKind
    var value: Double
    var aspect: Aspect?
    var flags: EntryFlags

    /// Whether negation stops at (and applies to) this entry.
    var isNegatable: Bool {
        switch kind {
        case .sentiment, .domain, .neutral, .problem, .expect, .resolution, .fault: true
        default: false
        }
    }

    /// Not counted when measuring how far negation and intensifiers reach.
    var isFunctionWord: Bool {
        switch kind {
        case .aux, .particle, .filler, .intensifier, .diminisher, .firstPerson, .thirdPerson: true
        default: false
        }
    }

    static func defaultValue(for kind: EntryKind) -> Double? {
        switch kind {
        case .sentiment: nil
        case .problem, .resolution: 2
        case .intensifier: 1.5
        case .diminisher: 0.5
        case .contrast: 1.5
        case .concessive, .damper: 0.4
        case .request: 0.5
        default: 0
        }
    }
}
