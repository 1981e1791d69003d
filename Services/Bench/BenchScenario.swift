import ArgumentParser

/// The six measurements the issue asks for, each run on the raw loop and on the async layer.
enum BenchScenario: String, CaseIterable, Sendable {
    case publishWindow1 = "publish-window-1"
    case publishWindowLarge = "publish-window-large"
    case consumePrefetch1 = "consume-prefetch-1"
    case consumePrefetch100 = "consume-prefetch-100"
    case consumePrefetch500 = "consume-prefetch-500"
    case endToEnd = "end-to-end"

    /// The prefetch of the end-to-end consumer (the figure, and the notes' baseline).
    static let endToEndPrefetch: UInt16 = 500

    func title(window: Int) -> String {
        switch self {
        case .publishWindow1: "publish, confirms, window 1"
        case .publishWindowLarge: "publish, confirms, window \(window)"
        case .consumePrefetch1, .consumePrefetch100, .consumePrefetch500: "consume, manual ack, prefetch \(prefetch!)"
        case .endToEnd: "end to end, window \(window), prefetch \(Self.endToEndPrefetch)"
        }
    }

    var prefetch: UInt16? {
        switch self {
        case .consumePrefetch1: 1
        case .consumePrefetch100: 100
        case .consumePrefetch500: 500
        case .endToEnd: Self.endToEndPrefetch
        case .publishWindow1, .publishWindowLarge: nil
        }
    }

    /// The target for async/raw, where it sets one: pipelined confirmed publishing and
    /// end to end are what services do all day.
    var targetRatio: Double? {
        switch self {
        case .publishWindowLarge, .endToEnd: 0.8
        default: nil
        }
    }

    /// Consume scenarios drain a queue that was filled (untimed) before the clock starts.
    var needsPrefilledQueue: Bool {
        prefetch != nil && self != .endToEnd
    }

    /// Messages a queue must still hold after the measurement: the confirmed ones for the
    /// publish-only scenarios, none otherwise. Anything else means a lost or unacked message.
    func expectedLeftover(count: Int) -> Int {
        switch self {
        case .publishWindow1, .publishWindowLarge: count
        default: 0
        }
    }

    /// Scenarios named by `filters` (each a full name or a prefix such as `consume`; commas allowed),
    /// in the canonical order; all of them for no filter.
    static func select(_ filters: [String]) throws -> [BenchScenario] {
        let names = filters.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !names.isEmpty else { return allCases }
        var chosen = Set<BenchScenario>()
        for name in names {
            let matches = allCases.filter { $0.rawValue == name || $0.rawValue.hasPrefix(name) }
            guard !matches.isEmpty else {
                throw ValidationError("unknown scenario '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", ")) (or a prefix such as 'consume')")
            }
            chosen.formUnion(matches)
        }
        return allCases.filter(chosen.contains)
    }
}
