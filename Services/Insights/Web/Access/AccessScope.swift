/// The PM clusters a viewer may see (nil = all). Every store query goes through
/// `effectiveClusters(requested:)`, so no page, API answer or export can reach outside it.
public struct AccessScope: Sendable, Equatable {
    public let clusters: Set<String>?

    public init(clusters: Set<String>?) {
        self.clusters = clusters
    }

    public var isUnrestricted: Bool { clusters == nil }

    /// The scope as the pages name it: "all PM clusters", "cluster a", "clusters a, b".
    var label: String {
        guard let clusters else { return "all PM clusters" }
        return (clusters.count == 1 ? "cluster " : "clusters ") + clusters.sorted().joined(separator: ", ")
    }

    public func allows(cluster: String) -> Bool {
        clusters?.contains(cluster) ?? true
    }

    /// A viewer asked for clusters outside their scope (answered 403, naming them).
    public struct OutOfScope: Error, Equatable {
        public let clusters: [String]
    }

    /// The clusters a query may read: the requested ones when all are in scope (an error naming
    /// the others when not), else the whole scope.
    public func effectiveClusters(requested: Set<String>?) throws(OutOfScope) -> Set<String>? {
        guard let requested, !requested.isEmpty else { return clusters }
        if let clusters {
            let outside = requested.subtracting(clusters)
            if !outside.isEmpty { throw OutOfScope(clusters: outside.sorted()) }
        }
        return requested
    }
}
