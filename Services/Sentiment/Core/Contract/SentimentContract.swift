import Model

extension ServiceContract {
    /// `mentorflow-sentiment`: scores each feedback comment.
    public static let sentiment = ServiceContract(service: "sentiment", handles: [.feedbackSubmitted], reactions: [.feedbackScored])
}
