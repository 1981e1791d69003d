/// The learner's pre-session form, which the agenda is built from.
public struct Prework: Sendable, Equatable {
    public var expectations: String
    public var topics: [String]
    public var blockers: [String]

    public init(expectations: String, topics: [String], blockers: [String]) {
        self.expectations = expectations
        self.topics = topics
        self.blockers = blockers
    }
}
