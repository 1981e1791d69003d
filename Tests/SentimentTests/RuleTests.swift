import Model
import SentimentAnalysis
import Testing

/// One suite per rule family; each case fails if its rule breaks (the contrasting case
/// shows what the text would be without the rule).
@Suite struct NegationTests {
    @Test func negationFlipsPraiseAndCriticism() {
        #expect(label("The mentor was helpful.") == .positive)
        #expect(label("The mentor was not helpful at all.") == .negative)
        #expect(label("It was bad.") == .negative)
        #expect(label("Wasn't bad actually.") == .positive)
        #expect(label("No complaints, everything went smoothly.") == .positive)
        #expect(label("Nothing to complain about.") == .positive)
        #expect(label("didn’t learn anything") == .negative, "curly apostrophe")
    }

    @Test func negationHasAScope() {
        // "not" reaches the first valenced word, not one beyond the clause.
        #expect(label("Not sure about the schedule, but the session was great.") == .positive)
        #expect(label("The mentor did not just give answers, she taught me how to debug.") == .positive)
        #expect(label("The mock had no hard questions, mostly basics.") == .neutral)
    }

    @Test func modalNegationOfAComparativePraises() {
        #expect(label("Couldn't have asked for a better mentor.") == .positive)
        #expect(label("I can't thank the mentor enough.") == .positive)
        #expect(label("I couldn't follow anything.") == .negative)
    }

    @Test func someButNotOthersIsBalanced() {
        #expect(label("Some parts were useful, some not.") == .neutral)
        #expect(label("Some parts were useful.") == .positive)
        #expect(label("thoda useful tha, thoda nahi") == .neutral)
    }
}

@Suite struct HindiNegationTests {
    @Test func devanagariNegationTakesTheWordBefore() {
        #expect(label("बुरा नहीं था।") == .positive)
        #expect(label("बुरा था।") == .negative)
        #expect(label("बिल्कुल भी मददगार नहीं था।") == .negative)
        #expect(label("कोई शिकायत नहीं, सब अच्छा था।") == .positive)
        let noShow = analyzer.analyze("मेंटर आए ही नहीं।")
        #expect(noShow.label == .negative)
        #expect(noShow.aspects == [.noShow])
        #expect(label("कुछ भी समझ नहीं आया।") == .negative)
        #expect(label("अब सब समझ आ गया।") == .positive)
    }

    @Test func hinglishNegation() {
        #expect(label("bura nahi tha") == .positive)
        #expect(label("bilkul helpful nahi tha") == .negative)
        #expect(label("koi complaint nahi") == .positive)
        #expect(analyzer.analyze("mentor aaye hi nahi").aspects == [.noShow])
        #expect(label("mentor aaye hi nahi") == .negative)
        let confused = analyzer.analyze("kuch samajh nahi aaya")
        #expect(confused.label == .negative)
        #expect(confused.aspects.contains(.clarity))
        #expect(label("notes ka bola tha, abhi tak nahi mile") == .negative)
        #expect(label("Itna bura experience expect nahi kiya tha") == .negative, "nahi after a verb does not reach back to bura")
    }
}

@Suite struct ContrastTests {
    @Test func theClauseAfterButWeighsMore() {
        #expect(label("Good explanations, boring overall.") == .neutral)
        #expect(label("Good explanations but boring overall.") == .negative)
        #expect(label("Boring start but the second half was excellent.") == .positive)
        #expect(label("Mujhe laga tha boring hoga but kaafi interesting tha") == .positive)
    }

    @Test func aProblemInEitherClauseIsNegative() {
        let result = analyzer.analyze("Mentor knew the topic but was 20 minutes late and rushed through everything.")
        #expect(result.label == .negative)
        #expect(result.aspects.contains(.punctuality))
        #expect(label("Good explanations, but he cut the call halfway.") == .negative)
        #expect(result.evidence.contains { $0.contains("late") })
    }

    @Test func hindiAndHinglishContrasts() {
        #expect(label("Sir ko topic aata tha par mere doubts pe dhyan hi nahi diya") == .negative)
        #expect(label("sawal mushkil the magar bahut kuch seekhne ko mila") == .positive)
        #expect(label("मॉक इंटरव्यू कठिन था लेकिन बहुत कुछ सीखने को मिला।") == .positive)
        // "par" after a noun is a postposition, not a contrast.
        #expect(label("रिज्यूमे पर दिया गया फीडबैक बहुत काम का था।") == .positive)
    }

    @Test func concessiveClauseWeighsLess() {
        #expect(label("Appreciate the honest feedback, even though my performance was poor.") == .positive)
    }
}

@Suite struct IntensityTests {
    @Test func intensifiersAndDiminishers() {
        let plain = analyzer.analyze("helpful").score
        #expect(analyzer.analyze("very helpful").score > plain)
        #expect(analyzer.analyze("extremely helpful").score > analyzer.analyze("very helpful").score)
        #expect(analyzer.analyze("slightly helpful").score < plain)
        #expect(analyzer.analyze("bahut helpful").score > plain)
    }

    @Test func excessOnlyWordsNeedAnIntensifier() {
        #expect(label("It was fast.") == .neutral)
        #expect(label("It was too fast.") == .negative)
        #expect(analyzer.analyze("bahut तेज़ पढ़ाया").aspects.contains(.pace))
    }

    @Test func elongationAndCaps() {
        #expect(label("sooo goood") == .positive)
        #expect(label("goooood session") == .positive)
        #expect(analyzer.analyze("GOOD session").score > analyzer.analyze("good session").score)
        #expect(analyzer.analyze("NOT HAPPY AT ALL").label == .negative)
        #expect(analyzer.analyze("VERY HELPFUL SESSION THANK YOU SIR!!!").label == .positive)
    }
}

@Suite struct EmojiTests {
    @Test func emojiAndEmoticons() {
        #expect(label("👍") == .positive)
        #expect(label("🔥🔥🔥") == .positive)
        #expect(label("😡") == .negative)
        #expect(label("👎🏽") == .negative, "skin tone ignored")
        #expect(label("❤️") == .positive, "variation selector ignored")
        #expect(label("great session :)") == .positive)
        #expect(label("session :(") == .negative)
        #expect(label("🤔") == .neutral)
        #expect(label("10/10 🙌") == .positive)
        #expect(label("3/10") == .negative, "ratings")
    }
}

@Suite struct FaintPraiseAndRequestTests {
    @Test(arguments: ["ok", "Okay session.", "Decent.", "Average.", "It was fine I guess.", "meh", "its ok ok", "It was alright, nothing special.", "ठीक था।", "thik thak tha", "😐"])
    func faintPraiseIsNeutral(_ text: String) {
        #expect(label(text) == .neutral, "\(text)")
    }

    @Test func realPraiseIsNot() {
        #expect(label("Good session.") == .positive)
        #expect(label("ok but very helpful") == .positive)
    }

    @Test func requestsAndQuestionsAreNeutral() {
        let notes = analyzer.analyze("Please share the notes from today's session.")
        #expect(notes.label == .neutral)
        #expect(notes.aspects == [.followUpRequested])
        #expect(label("Can I get the recording of the session?") == .neutral)
        #expect(label("I would like to book another project review.") == .neutral)
        #expect(label("notes share kar dijiye please") == .neutral)
        #expect(label("कृपया नोट्स साझा करें।") == .neutral)
        #expect(label("Should I learn Python or Java for DSA?") == .neutral)
        #expect(label("Can we reschedule the next session to Saturday?") == .neutral, "a requested reschedule is not a complaint")
    }

    @Test func reportedSpeechAndPlansAreDamped() {
        #expect(label("Mentor asked me to come prepared with two projects next time.") == .neutral)
        #expect(label("Will give detailed feedback after the next session.") == .neutral)
    }
}

@Suite struct DomainWordTests {
    @Test func difficultyIsNotAComplaint() {
        #expect(label("The DSA problems were hard but I learned a lot.") == .positive)
        #expect(label("The mock interview was tough, exactly what I needed.") == .positive)
        #expect(label("Sir ne kaha job market abhi tough hai") == .neutral)
        #expect(label("We discussed the worst case time complexity of quick sort.") == .neutral)
        let result = analyzer.analyze("Brutal questions, but I know where I stand now. Thank you!")
        #expect(result.label == .positive)
        #expect(result.evidence.contains { $0.contains("difficulty word") })
    }
}

@Suite struct ComplaintTests {
    @Test(arguments: [
        ("Mentor did not join.", Aspect.noShow),
        ("MENTOR NEVER SHOWED UP!!!", .noShow),
        ("Great, another no-show.", .noShow),
        ("Session got rescheduled third time.", .rescheduling),
        ("Nobody told me the session was cancelled.", .rescheduling),
        ("Audio kept cutting, I missed half of it.", .techIssues),
        ("आवाज़ बार-बार कट रही थी।", .techIssues),
        ("The meeting link was wrong.", .techIssues),
        ("Session ended after 15 minutes.", .punctuality),
        ("mock interview mein sirf 10 minute baat hui", .punctuality),
        ("Waited 25 minutes for the mentor.", .punctuality),
        ("Mentor was checking his phone throughout the session.", .helpfulness),
        ("The mentor clearly had not opened my resume.", .preparation),
        ("मेंटर 20 मिनट देर से आए।", .punctuality),
    ])
    func complaintsWithoutSentimentWords(_ text: String, _ aspect: Aspect) {
        let result = analyzer.analyze(text)
        #expect(result.label == .negative, "\(text): \(result.evidence)")
        #expect(result.aspects.contains(aspect), "\(text): \(result.aspects)")
        #expect(result.evidence.contains { $0.hasPrefix("problem:") })
    }

    @Test func learnerCausedOrResolvedProblemsAreNeutral() {
        #expect(label("My internet was slow today so I kept my video off.") == .neutral)
        #expect(label("Session was rescheduled from Monday to Wednesday as per my request.") == .neutral)
        #expect(label("I had to leave early due to a class.") == .neutral)
        #expect(label("I couldn't solve the problems in the mock, need more practice.") == .neutral)
        #expect(label("Mentor couldn't solve the problem himself.") == .negative)
        #expect(label("Can't wait for the next session!") == .positive, "a negated problem word")
        #expect(label("Kal ka session shaam 7 baje shift ho gaya hai, mentor ne inform kar diya tha") == .neutral)
        // Aggravated, the same problems count again.
        #expect(label("Session was rescheduled again, third time this month.") == .negative)
        #expect(label("The mentor's audio was bad.") == .negative)
        let excused = analyzer.analyze("Session was rescheduled as per my request.")
        #expect(excused.aspects == [.rescheduling])
        #expect(excused.evidence.contains { $0.hasPrefix("not counted:") })
    }

    @Test func negatedProblemsArePraise() {
        #expect(label("Never felt rushed, every question was taken seriously.") == .positive)
        #expect(label("No issues at all, smooth session.") == .positive)
    }
}

@Suite struct ResultShapeTests {
    @Test func emptyCommentIsMissingFeedback() {
        for text in ["", "   ", "\n\t", "\u{3000}"] {
            let result = analyzer.analyze(text)
            #expect(result.label == .neutral)
            #expect(result.aspects == [.none])
            #expect(result.evidence == ["empty comment: feedback missing"])
            #expect(SentimentAnalyzer.isMissing(text))
        }
        #expect(!SentimentAnalyzer.isMissing(" ok "))
    }

    @Test func languages() {
        #expect(analyzer.analyze("The mentor explained graphs really well.").language == .en)
        #expect(analyzer.analyze("bahut accha session tha, doubts clear ho gaye").language == .hinglish)
        #expect(analyzer.analyze("मेंटर ने बहुत अच्छे से समझाया।").language == .hi)
        #expect(analyzer.analyze("सेशन बहुत अच्छा था, thanks mentor 😊").language == .mixed)
        #expect(analyzer.analyze("🔥🔥🔥").language == .mixed)
        #expect(analyzer.analyze("NOT HAPPY AT ALL").language == .mixed)
        #expect(analyzer.analyze("vry gud sesion").language == .mixed)
    }

    @Test func devanagariSpellingVariantsMatch() {
        // Nukta and candrabindu are normalised: both spellings read the same.
        #expect(analyzer.analyze("बहुत ज़्यादा बढ़िया").score == analyzer.analyze("बहुत ज्यादा बढिया").score)
        #expect(label("बढ़िया") == .positive)
    }

    @Test func resultStaysInRangeWithEvidence() {
        for text in ["Excellent excellent excellent amazing best best best!!!", "worst worst terrible awful 😡😡😡", "We covered arrays."] {
            let result = analyzer.analyze(text)
            #expect((-1...1).contains(result.score))
            #expect((0...1).contains(result.confidence))
            #expect(!result.evidence.isEmpty && result.evidence.allSatisfy { !$0.isEmpty })
            #expect(result.analyzerVersion == analyzer.version)
        }
        #expect(analyzer.analyze("Excellent!").score > 0 && analyzer.analyze("Terrible!").score < 0)
    }
}
