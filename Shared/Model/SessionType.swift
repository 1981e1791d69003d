/// The kind of 1:1 session ("Mock Interview", "Resume Review", ...).
///
/// An open set, not an enum: programs add session types without a code change, and an
/// event with a new type must still be accepted. The known ones are named constants so
/// that code matching on them does not repeat string literals.
public struct SessionType: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static let resumeReview: SessionType = "Resume Review"
    public static let mockInterview: SessionType = "Mock Interview"
    public static let dsaDoubtSolving: SessionType = "DSA Doubt Solving"
    public static let learningRoadmap: SessionType = "Learning Roadmap"
    public static let systemDesign: SessionType = "System Design"
    public static let careerGuidance: SessionType = "Career Guidance"
    public static let projectReview: SessionType = "Project Review"
}
