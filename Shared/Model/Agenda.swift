/// A pre-session agenda for the learner and a checklist for the mentor.
public struct Agenda: Sendable, Equatable {
    public var items: [String]
    public var checklist: [String]
    /// First sessions get an introduction and goal-setting part, later ones build on the last.
    public var firstSession: Bool

    public init(items: [String], checklist: [String], firstSession: Bool) {
        self.items = items
        self.checklist = checklist
        self.firstSession = firstSession
    }
}
