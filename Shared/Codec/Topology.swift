/// The broker names the AsyncAPI document describes, as constants, so that services
/// and deployment scripts declare the same exchanges and queues.
public enum Topology {
    /// Topic exchange every event is published to, routing key = event name.
    public static let eventsExchange = "mentorflow.events"
    /// Exchange that undecodable or given-up messages are sent to.
    public static let deadLetterExchange = "mentorflow.dlx"
    /// Header on a dead-lettered message saying why (an `EventDecodingError` description,
    /// or the handler's last error).
    public static let deadLetterReasonHeader = "x-mentorflow-reason"

    /// The queues of one consumer: `<service>.<purpose>` for work, `.retry` for delayed
    /// redelivery with back-off, `.dlq` for messages that will not succeed.
    public struct QueueNames: Sendable, Equatable {
        public let work: String
        public let retry: String
        public let deadLetter: String

        public init(service: String, purpose: String) {
            work = "\(service).\(purpose)"
            retry = work + ".retry"
            deadLetter = work + ".dlq"
        }
    }
}
