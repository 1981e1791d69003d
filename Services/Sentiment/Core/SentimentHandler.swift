import Codec
import Model
import SentimentAnalysis
import EventHandling

/// `feedback.submitted` → `feedback.scored`: the analyser's full reading of the comment, with
/// its version, and `feedback_missing` for an empty comment (scored neutral, aspect none).
/// Pure and deterministic, so a redelivered event is scored the same (the inbox drops it anyway).
public struct SentimentHandler: EventHandler {
    public let analyzer: SentimentAnalyzer

    public init(analyzer: SentimentAnalyzer) {
        self.analyzer = analyzer
    }

    public var subscriptions: Set<EventType> { ServiceContract.sentiment.handles }
    public var publishes: Set<EventType> { ServiceContract.sentiment.reactions }

    public func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        guard case .feedbackSubmitted(let submitted) = event.data else { return [] }
        let scored = analyzer.score(submitted)
        let result = scored.result
        context.logger.debug("scored", metadata: [
            "session": "\(submitted.sessionID.rawValue)", "label": "\(result.label.rawValue)", "aspects": "\(result.aspects.map(\.rawValue))",
        ])
        return [Emission(.feedbackScored(scored))]
    }
}
