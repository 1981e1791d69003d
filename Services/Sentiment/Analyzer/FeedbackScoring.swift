import Model

extension SentimentAnalyzer {
    /// The `feedback.scored` payload for a `feedback.submitted` one: the analyser's full reading of
    /// the comment and `feedback_missing` for an empty one. The sentiment service publishes it and
    /// the offline `mentorflow summarize` folds it, so both see the same score.
    public func score(_ submitted: FeedbackSubmitted) -> FeedbackScored {
        let comment = submitted.feedback.comment
        return FeedbackScored(sessionID: submitted.sessionID, result: analyze(comment), feedbackMissing: Self.isMissing(comment))
    }
}
