/// What a user may see. A PM sees only the PM clusters they run; leadership and admins see
/// every cluster (admins are also the ones who may see who the users are, in time).
public enum Role: Sendable, Equatable {
    case programManager(clusters: Set<String>)
    case leadership
    case admin

    public var name: String {
        switch self {
        case .programManager: "pm"
        case .leadership: "leadership"
        case .admin: "admin"
        }
    }

    /// The role as the page header names it.
    var label: String {
        switch self {
        case .programManager: "Program manager"
        case .leadership: "Leadership"
        case .admin: "Admin"
        }
    }

    /// The clusters this role is limited to; nil means every cluster.
    public var scope: AccessScope {
        switch self {
        case .programManager(let clusters): AccessScope(clusters: clusters)
        case .leadership, .admin: AccessScope(clusters: nil)
        }
    }
}
