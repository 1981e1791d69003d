import Model
import Testing

@Suite struct IdentifierTests {
    @Test func identifiersCompareByValue() {
        let a: SessionID = "S-000001"
        #expect(a == SessionID("S-000001"))
        #expect(a.rawValue == "S-000001")
        #expect(a.description == "S-000001")
        #expect(SessionID("S-000001") < SessionID("S-000002"))
        #expect(Set([a, "S-000001", "S-000002"] as [SessionID]).count == 2)
    }

    @Test func sessionTypeIsOpen() {
        #expect(SessionType(rawValue: "DSA Doubt Solving") == .dsaDoubtSolving)
        let new: SessionType = "Salary Negotiation"
        #expect(new.rawValue == "Salary Negotiation")
    }
}

@Suite struct EnumTests {
    @Test func csvSpellingsParse() {
        #expect(MentorPrep(rawValue: "Partial") == .partial)
        #expect(Attendance(rawValue: "Yes") == .attended)
        #expect(Attendance(rawValue: "No") == .absent)
    }

    @Test func flagLevelsAreOrderedBySeverity() {
        #expect(FlagLevel.green < .yellow && FlagLevel.yellow < .red)
        #expect([FlagLevel.red, .green, .yellow].max() == .red)
    }

    @Test func wireSpellingsAreSnakeCase() {
        #expect(Aspect.followUpRequested.rawValue == "follow_up_requested")
        #expect(FlagReason.cancelledOrRescheduled.rawValue == "cancelled_or_rescheduled")
        #expect(ReminderKind.sessionUpcoming.rawValue == "session_upcoming")
        #expect(TranscriptSource.speechToText.rawValue == "speech_to_text")
    }
}

@Suite struct EmailMaskingTests {
    @Test func keepsFirstCharacterAndDomain() {
        #expect(EmailMasking.mask("dev.sharma@example.com") == "d***@example.com")
        #expect(EmailMasking.mask("x@example.org") == "x***@example.org")
    }

    @Test func oddInputIsStillMasked() {
        #expect(EmailMasking.mask("@example.com") == "***@example.com")
        #expect(EmailMasking.mask("not an email") == "***")
        #expect(EmailMasking.mask("") == "***")
        #expect(EmailMasking.mask("a@b@example.com") == "a***@example.com")
    }
}
