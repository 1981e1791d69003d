import Model
import Testing
@testable import SummaryCore

@Suite struct ActionItemTests {
    let extractor = ActionItemExtractor()
    let names = SessionParticipants(mentorName: "Vikram Singh", learnerName: "Asha Rao")

    func items(_ text: String) -> [ActionItem] {
        extractor.extract(TranscriptSentence.split(text), participants: names)
    }

    @Test func englishCommitmentsWithOwnerAndDueHint() {
        let found = items("""
            Mentor: I will share the resume template by Friday.
            Mentor: You need to practice two sliding window problems every day.
            Learner: I'll update my LinkedIn profile before the next session.
            Mentor: Next step is a mock interview on system design.
            Mentor: Asha has to finish the SQL course by the end of the week.
            Vikram will send the referral form tomorrow.
            Practice mock answers aloud in 2 days.
            We talked about her internship.
            Mentor: Today we will go through your projects section in detail.
            Will you share the slides?
            I will not be available next week.
            """)
        #expect(found == [
            ActionItem(text: "I will share the resume template by Friday", owner: .mentor, dueHint: "by Friday"),
            ActionItem(text: "You need to practice two sliding window problems every day", owner: .learner),
            ActionItem(text: "I'll update my LinkedIn profile before the next session", owner: .learner, dueHint: "before the next session"),
            ActionItem(text: "Next step is a mock interview on system design", owner: .unknown),
            ActionItem(text: "Asha has to finish the SQL course by the end of the week", owner: .learner, dueHint: "by the end of the week"),
            ActionItem(text: "Vikram will send the referral form tomorrow", owner: .mentor, dueHint: "tomorrow"),
            ActionItem(text: "Practice mock answers aloud in 2 days", owner: .learner, dueHint: "in 2 days"),
        ])
    }

    @Test func hinglishCommitments() {
        let found = items("""
            Mentor: Main aapko resume template kal tak bhejunga.
            Mentor: Aapko roz do DSA questions practice karna hai.
            Learner: Main agle hafte tak project README update karungi.
            Mentor: Mock interview ki recording dekh lena.
            Learner: Sir aap feedback form share karenge?
            Learner: Maine pichle hafte SQL ka course complete kiya.
            Mentor: Ye topic abhi nahi karna hai.
            """)
        #expect(found == [
            ActionItem(text: "Main aapko resume template kal tak bhejunga", owner: .mentor, dueHint: "kal tak"),
            ActionItem(text: "Aapko roz do DSA questions practice karna hai", owner: .learner),
            ActionItem(text: "Main agle hafte tak project README update karungi", owner: .learner, dueHint: "agle hafte tak"),
            ActionItem(text: "Mock interview ki recording dekh lena", owner: .learner),
        ])
    }

    @Test func withoutSpeakerLabelsFirstPersonIsUnknownAndNamesStillCount() {
        let found = items("I will send the notes. Asha will prepare three STAR stories by Monday. You should read the Grokking chapter.")
        #expect(found.map(\.owner) == [.unknown, .learner, .learner])
        #expect(found[1].dueHint == "by Monday")
    }

    @Test func dueHints() {
        func hint(_ text: String) -> String? { DueHint.find(in: Tokenizer.words(text[...])) }
        #expect(hint("send it by EOD") == "by EOD")
        #expect(hint("finish before next Monday") == "before next Monday")
        #expect(hint("do it this weekend") == "this weekend")
        #expect(hint("within two weeks please") == "within two weeks")
        #expect(hint("Friday tak bhej dena") == "Friday tak")
        #expect(hint("agle session se pehle padh lena") == "agle session se pehle")
        #expect(hint("whenever you can") == nil)
    }
}
