import Model

extension ServiceContract {
    /// `mentorflow-insights`: the system's record. It consumes every event type, which also keeps
    /// every type routable (publishing is mandatory): an event published before the service meant
    /// for it exists (a timer event before the alert service) is recorded, never `unroutable`.
    /// Its handler publishes nothing; the sweeper announces a flag once it has held for the settle
    /// window, and the dashboard publishes a PM's acknowledgement of an escalation.
    public static let insights = ServiceContract(
        service: "insights",
        handles: Set(EventType.allCases),
        emitters: [
            Emitter("flag sweeper via outbox", publishes: [.sessionFlagged]),
            Emitter("dashboard escalation acknowledgement", publishes: [.escalationAcknowledged]),
        ]
    )
}
