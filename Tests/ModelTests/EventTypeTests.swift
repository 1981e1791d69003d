import Model
import Testing

@Suite struct EventTypeTests {
    /// The catalogue's event names: renaming one is a breaking change for every consumer.
    @Test func namesAreTheCatalogue() {
        #expect(EventType.allCases.map(\.rawValue) == [
            "session.scheduled", "session.completed", "session.no_show", "session.cancelled", "session.rescheduled",
            "feedback.submitted", "transcript.submitted", "prework.submitted", "feedback.scored", "summary.generated",
            "summary.approved", "agenda.generated", "session.flagged", "followup.booked", "reminder.due",
            "escalation.opened", "escalation.breached", "escalation.acknowledged", "notification.sent",
            "notification.failed",
        ])
    }

    @Test func cloudEventTypeRoundTrips() {
        for type in EventType.allCases {
            #expect(type.cloudEventType == "mentorflow." + type.rawValue)
            #expect(EventType(cloudEventType: type.cloudEventType) == type)
        }
        #expect(EventType(cloudEventType: "session.completed") == nil)
        #expect(EventType(cloudEventType: "mentorflow.") == nil)
        #expect(EventType(cloudEventType: "com.example.session.completed") == nil)
        #expect(EventType(cloudEventType: "mentorflow.session.teleported") == nil)
    }

    @Test func sessionStatusesMapToTheirEvents() {
        #expect(SessionStatus.allCases.map(\.rawValue) == ["Completed", "Rescheduled", "No-Show", "Cancelled"])
        #expect(SessionStatus(rawValue: "No-Show")?.eventType == .sessionNoShow)
        #expect(SessionStatus.completed.eventType == .sessionCompleted)
        #expect(SessionStatus.cancelled.eventType == .sessionCancelled)
        #expect(SessionStatus.rescheduled.eventType == .sessionRescheduled)
    }

    @Test func payloadTypesDeclareTheirEventType() {
        let outcome = SessionOutcome(learnerAttended: .absent, mentorPrep: .no, followUpScheduled: false)
        let data = EventData.sessionNoShow(SessionNoShow(sessionID: "S-9", outcome: outcome))
        #expect(data.eventType == .sessionNoShow)
        #expect(data.sessionID == "S-9")
        #expect(SessionNoShow.eventType == .sessionNoShow)
        #expect(NotificationFailed.eventType == .notificationFailed)
    }

    @Test func notificationsMayConcernNoSession() {
        let notification = Notification(
            id: "N-1", sessionID: nil, trigger: .escalationBreached, recipientRole: .leadership, channel: .slack,
            maskedRecipient: "#leadership")
        #expect(EventData.notificationSent(NotificationSent(notification: notification)).sessionID == nil)
    }
}
