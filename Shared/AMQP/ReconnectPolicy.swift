import Foundation

/// How long to wait before the next connection attempt: capped exponential back-off with jitter,
/// so a fleet of replicas does not hammer a broker that has just come back.
public struct ReconnectPolicy: Sendable, Equatable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var multiplier: Double
    /// Fraction of each delay that is randomised (0 = none, 0.5 = the delay lands in 50...100 %).
    public var jitter: Double

    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(10), multiplier: Double = 2, jitter: Double = 0.5) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
    }

    public static let `default` = ReconnectPolicy()

    /// The delay before attempt number `attempt` (0 for the first retry).
    public func delay(attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let initial = initialDelay / .milliseconds(1)
        let cap = maximumDelay / .milliseconds(1)
        let exponential = min(cap, initial * pow(multiplier, Double(min(attempt, 60))))
        let jittered = exponential * (1 - jitter * random)
        return .milliseconds(Int64(jittered.rounded()))
    }
}
