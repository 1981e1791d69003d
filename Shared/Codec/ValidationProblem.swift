/// One thing wrong with a received event, located by its JSON path.
///
/// Decoding collects every problem rather than stopping at the first, so that one trip
/// to the dead-letter queue tells the publisher everything to fix.
public struct ValidationProblem: Sendable, Equatable, CustomStringConvertible {
    /// Where: `data.rating`, `data.action_items[2].owner`; empty for the whole document.
    public let path: String
    /// What, e.g. `7 is outside 1...5`.
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `data.rating: 7 is outside 1...5`
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
