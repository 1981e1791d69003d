/// What the learner said about a session.
///
/// Both parts are independent: a learner may rate without writing (empty `comment`) or
/// write without rating (`rating == nil`); "feedback missing" means an empty comment.
public struct Feedback: Sendable, Equatable {
    /// 1...5 (`Limits.rating`), or nil when the learner gave none.
    public var rating: Int?
    public var comment: String

    public init(rating: Int?, comment: String) {
        self.rating = rating
        self.comment = comment
    }
}
