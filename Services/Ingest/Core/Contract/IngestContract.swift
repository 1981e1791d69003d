import Model

extension ServiceContract {
    /// `mentorflow-ingest`: the HTTP door. It handles no event; it publishes what the LMS (and
    /// other tools) send it, one event at a time or as rows of a session export.
    public static let ingest = ServiceContract(
        service: "ingest",
        emitters: [
            Emitter("POST /v1/events", publishes: EventIntake.acceptedTypes),
            Emitter("POST /v1/imports", publishes: SessionRowMapper.publishes),
        ]
    )
}

extension SessionRowMapper {
    /// The event types a session-export row becomes: its booking, its outcome, its feedback.
    public static let publishes: Set<EventType> = [
        .sessionScheduled, .sessionCompleted, .sessionNoShow, .sessionCancelled, .sessionRescheduled, .feedbackSubmitted,
    ]
}
