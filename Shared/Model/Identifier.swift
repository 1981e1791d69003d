/// A string identifier tagged with what it identifies.
///
/// The LMS hands out look-alike strings ("S-000001", "M-011", "L-0106"); the phantom
/// `Kind` makes passing a mentor id where a session id belongs a compile error instead
/// of a silent mismatch in some read model.
public struct Identifier<Kind>: RawRepresentable, Hashable, Comparable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// Ordered by raw value, so listings and reports are stable.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The phantom kinds behind the identifier aliases; never instantiated.
public enum IdentifierKind {
    public enum Session {}
    public enum Mentor {}
    public enum Learner {}
    public enum PMCluster {}
    public enum Escalation {}
    public enum Reminder {}
    public enum Notification {}
}

public typealias SessionID = Identifier<IdentifierKind.Session>
public typealias MentorID = Identifier<IdentifierKind.Mentor>
public typealias LearnerID = Identifier<IdentifierKind.Learner>
public typealias PMClusterID = Identifier<IdentifierKind.PMCluster>
public typealias EscalationID = Identifier<IdentifierKind.Escalation>
public typealias ReminderID = Identifier<IdentifierKind.Reminder>
public typealias NotificationID = Identifier<IdentifierKind.Notification>
