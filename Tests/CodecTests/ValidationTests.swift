import Codec
import Foundation
import Model
import Testing

@Suite struct ValidationTests {
    // MARK: Helpers

    private func error(_ bytes: Data) throws -> EventDecodingError {
        switch EventCodec.decode(bytes) {
        case .success(let event): throw Unexpected(description: "decoded \(event.type)")
        case .failure(let error): return error
        }
    }

    private func problems(_ type: EventType, editData: (inout [String: Any]) -> Void) throws -> [String] {
        try error(JSONTree.sampleData(type, edit: editData)).problems.map(\.description)
    }

    private func envelopeProblems(_ type: EventType, edit: (inout [String: Any]) -> Void) throws -> [String] {
        try error(JSONTree.sample(type, edit: edit)).problems.map(\.description)
    }

    private struct Unexpected: Error, CustomStringConvertible { let description: String }

    // MARK: Every problem, with its path

    @Test func everyProblemInOneEventIsReported() throws {
        let found = try problems(.feedbackSubmitted) { data in
            data["session_id"] = nil
            data["learner_id"] = ""
            data["rating"] = 7
            data["comment"] = 12
        }
        #expect(found == [
            "data.session_id: required field is missing",
            "data.learner_id: must not be empty",
            "data.rating: 7 is outside 1...5",
            "data.comment: expected a string, got number",
        ])
    }

    @Test func envelopeAndDataProblemsAreReportedTogether() throws {
        let bytes = try JSONTree.sample(.sessionCompleted) { event in
            event["id"] = nil
            event["time"] = "yesterday"
            event["traceparent"] = "00-xyz"
            var data = event["data"] as! [String: Any]
            data["actual_duration_min"] = 0
            event["data"] = data
        }
        let error = try error(bytes)
        #expect(error.kind == .invalid)
        #expect(error.problems.map(\.description) == [
            "id: required field is missing",
            "time: \"yesterday\" is not an RFC 3339 date-time with a UTC offset",
            "traceparent: \"00-xyz\" is not a W3C traceparent (00-<trace id>-<parent id>-<flags>)",
            "data.actual_duration_min: 0 is outside 1...1440",
        ])
    }

    @Test func descriptionIsOneLineWithEveryProblem() throws {
        let error = try error(JSONTree.sampleData(.feedbackSubmitted) { $0["rating"] = 7; $0["comment"] = nil })
        #expect(error.description == "invalid event: data.rating: 7 is outside 1...5; data.comment: required field is missing")
    }

    @Test func ratingOutOfRange() throws {
        #expect(try problems(.feedbackSubmitted) { $0["rating"] = 7 } == ["data.rating: 7 is outside 1...5"])
        #expect(try problems(.feedbackSubmitted) { $0["rating"] = 0 } == ["data.rating: 0 is outside 1...5"])
    }

    @Test func wrongTypes() throws {
        #expect(try problems(.feedbackSubmitted) { $0["rating"] = "4" } == ["data.rating: expected an integer, got string"])
        #expect(try problems(.feedbackSubmitted) { $0["rating"] = true } == ["data.rating: expected an integer, got boolean"])
        #expect(try problems(.sessionCompleted) { $0["follow_up_scheduled"] = "Yes" } == ["data.follow_up_scheduled: expected a boolean, got string"])
        #expect(try problems(.sessionScheduled) { $0["mentor"] = "M-011" } == ["data.mentor: expected an object, got string"])
        #expect(try problems(.feedbackScored) { $0["aspects"] = "pace" } == ["data.aspects: expected an array, got string"])
        #expect(try problems(.feedbackScored) { $0["score"] = [0.5] } == ["data.score: expected a number, got array"])
    }

    @Test func wholeFloatsAreIntegersButFractionsAreNot() throws {
        let text = String(decoding: EventCodec.encode(Samples.event(for: .feedbackSubmitted)), as: UTF8.self)
        #expect(text.contains("\"rating\":4,"))
        for (whole, expected) in [("4.0", 4), ("4e0", 4), ("0.4e1", 4), ("4.000", 4)] {
            let bytes = Data(text.replacingOccurrences(of: "\"rating\":4,", with: "\"rating\":\(whole),").utf8)
            guard case .feedbackSubmitted(let payload) = try EventCodec.decode(bytes).get().data else {
                Issue.record("wrong payload")
                continue
            }
            #expect(payload.feedback.rating == expected, "\(whole)")
        }
        let fraction = Data(text.replacingOccurrences(of: "\"rating\":4,", with: "\"rating\":4.5,").utf8)
        #expect(try error(fraction).problems.map(\.description) == ["data.rating: 4.5 is not an integer"])
    }

    @Test func missingAndNullFields() throws {
        #expect(try problems(.sessionCompleted) { $0["mentor_prep"] = nil } == ["data.mentor_prep: required field is missing"])
        #expect(try problems(.sessionCompleted) { $0["mentor_prep"] = NSNull() } == ["data.mentor_prep: required field is null"])
        #expect(try envelopeProblems(.sessionCompleted) { $0["data"] = nil } == ["data: required field is missing"])
        #expect(try envelopeProblems(.sessionCompleted) { $0["data"] = [1] } == ["data: expected an object, got array"])
        let nullRating = try JSONTree.sampleData(.feedbackSubmitted) { $0["rating"] = NSNull() }
        guard case .feedbackSubmitted(let payload) = try EventCodec.decode(nullRating).get().data else {
            Issue.record("wrong payload")
            return
        }
        #expect(payload.feedback.rating == nil, "null is how a missing optional may be sent")
    }

    @Test func enumValuesListTheAllowedOnes() throws {
        #expect(try problems(.sessionCompleted) { $0["mentor_prep"] = "Maybe" } == [
            "data.mentor_prep: \"Maybe\" is not one of Yes, Partial, No"
        ])
        #expect(try problems(.sessionCompleted) { $0["mentor_prep"] = "yes" } == [
            "data.mentor_prep: \"yes\" is not one of Yes, Partial, No"
        ], "enum values are case-sensitive")
    }

    @Test func nestedPathsNameTheElement() throws {
        let found = try problems(.summaryGenerated) { data in
            data["action_items"] = [
                ["text": "ok", "owner": "mentor"],
                ["text": "", "owner": "someone"],
            ]
            data["key_phrases"] = ["fine", 3]
        }
        #expect(found == [
            "data.key_phrases[1]: expected a string, got number",
            "data.action_items[1].text: must not be empty",
            "data.action_items[1].owner: \"someone\" is not one of mentor, learner, unknown",
        ])
        #expect(try problems(.sessionScheduled) { data in
            data["learner"] = ["id": "L-1", "name": "Dev", "email": "dev at example"]
        } == ["data.learner.email: \"dev at example\" is not an email address"])
    }

    @Test func rangesOfScoresAndDurations() throws {
        #expect(try problems(.feedbackScored) { $0["score"] = 1.5; $0["confidence"] = -0.1 } == [
            "data.score: 1.5 is outside -1...1",
            "data.confidence: -0.1 is outside 0...1",
        ])
        #expect(try problems(.sessionScheduled) { $0["scheduled_duration_min"] = -30 } == [
            "data.scheduled_duration_min: -30 is outside 1...1440"
        ])
        #expect(try problems(.summaryGenerated) { $0["version"] = 0 } == ["data.version: 0 is outside 1...1000000"])
    }

    @Test func lengthLimits() throws {
        let longComment = String(repeating: "a", count: Limits.textLength + 1)
        #expect(try problems(.feedbackSubmitted) { $0["comment"] = longComment } == [
            "data.comment: is 10001 characters long, more than 10000"
        ])
        let fitsInCharactersNotBytes = String(repeating: "अ", count: Limits.textLength)
        #expect(try EventCodec.decode(JSONTree.sampleData(.feedbackSubmitted) { $0["comment"] = fitsInCharactersNotBytes }).get().id != "")
        #expect(try problems(.sessionScheduled) { $0["program"] = String(repeating: "x", count: 201) } == [
            "data.program: is 201 characters long, more than 200"
        ])
        #expect(try problems(.transcriptSubmitted) { $0["text"] = String(repeating: "x", count: 100_001) } == [
            "data.text: is 100001 characters long, more than 100000"
        ])
        #expect(try problems(.sessionCompleted) { $0["session_id"] = "   " } == ["data.session_id: must not be blank"])
        #expect(try problems(.feedbackScored) { $0["aspects"] = Array(repeating: "pace", count: 101) } == [
            "data.aspects: has 101 items, more than 100"
        ])
    }

    @Test func longValuesAreShortenedInMessages() throws {
        let found = try problems(.sessionCompleted) { $0["mentor_prep"] = String(repeating: "z", count: 5000) }
        #expect(found == ["data.mentor_prep: \"\(String(repeating: "z", count: 40))…\" is not one of Yes, Partial, No"])
    }

    @Test func emailSyntax() throws {
        for bad in ["", "dev", "@example.com", "dev@", "dev@example", "dev@@example.com", "dev sharma@example.com", "dev@example..com"] {
            let found = try problems(.sessionScheduled) { $0["learner"] = ["id": "L-1", "name": "Dev", "email": bad] }
            #expect(found.count == 1 && found[0].hasPrefix("data.learner.email: "), "\(bad)")
        }
    }

    // MARK: Timestamps

    @Test func timestampsAcceptAnyOffsetAndFraction() throws {
        let instant = Date(timeIntervalSince1970: 1_747_670_400)  // 2025-05-19T16:00:00Z
        let same = [
            "2025-05-19T16:00:00Z", "2025-05-19T16:00:00.000Z", "2025-05-19T21:30:00+05:30",
            "2025-05-19T11:00:00-05:00", "2025-05-19t16:00:00z", "2025-05-19T16:00:00.0000001Z",
            "2025-05-19T15:59:59.9996Z",
        ]
        for text in same {
            let event = try EventCodec.decode(JSONTree.sample(.sessionNoShow) { $0["time"] = text }).get()
            #expect(event.time == instant, "\(text)")
        }
        let fraction = try EventCodec.decode(JSONTree.sample(.sessionNoShow) { $0["time"] = "2025-05-19T16:00:00.25+00:00" }).get()
        #expect(fraction.time == instant.addingTimeInterval(0.25))
        let leapDay = try EventCodec.decode(JSONTree.sample(.sessionNoShow) { $0["time"] = "2024-02-29T00:00:00Z" }).get()
        #expect(leapDay.time == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test func badTimestampsAreRejected() throws {
        let bad = [
            "2025-05-19T16:00:00", "2025-05-19 16:00:00Z", "2025-02-30T10:00:00Z", "2023-02-29T10:00:00Z",
            "2025-13-01T00:00:00Z", "2025-05-19T24:00:00Z", "2025-05-19T16:60:00Z", "2025-05-19T16:00:00.Z",
            "2025-05-19T16:00:00+5:30", "2025-05-19T16:00:00+05:30x", "0000-01-01T00:00:00Z", "19-05-2025", "",
        ]
        for text in bad {
            let found = try problems(.sessionScheduled) { $0["scheduled_at"] = text }
            #expect(found == ["data.scheduled_at: \"\(text)\" is not an RFC 3339 date-time with a UTC offset"], "\(text)")
        }
        #expect(try problems(.sessionScheduled) { $0["scheduled_at"] = 1_747_670_400 } == [
            "data.scheduled_at: expected a string, got number"
        ])
    }

    // MARK: Envelope

    @Test func unknownEventTypeIsAnErrorValue() throws {
        let error = try error(JSONTree.sample(.sessionCompleted) { $0["type"] = "mentorflow.session.teleported" })
        #expect(error.kind == .unknownEventType("mentorflow.session.teleported"))
        #expect(error.problems.map(\.description) == ["type: \"mentorflow.session.teleported\" is not a MentorFlow event type"])
        let foreign = try self.error(JSONTree.sample(.sessionCompleted) { $0["type"] = "session.completed" })
        #expect(foreign.kind == .unknownEventType("session.completed"), "the mentorflow. prefix is required")
    }

    @Test func specVersionTwoIsUnsupported() throws {
        let error = try error(JSONTree.sample(.sessionCompleted) { $0["specversion"] = "2.0" })
        #expect(error.kind == .unsupportedSpecVersion("2.0"))
        #expect(error.description == "unsupported specversion \"2.0\": specversion: \"2.0\" is not supported; expected 1.0")
        #expect(try envelopeProblems(.sessionCompleted) { $0["specversion"] = 1.0 } == ["specversion: expected a string, got number"])
    }

    @Test func dataContentTypeMustBeJSON() throws {
        #expect(try envelopeProblems(.sessionCompleted) { $0["datacontenttype"] = "text/xml" } == [
            "datacontenttype: \"text/xml\" is not supported; expected application/json"
        ])
        let withCharset = try JSONTree.sample(.sessionCompleted) { $0["datacontenttype"] = "application/json; charset=utf-8" }
        #expect(try EventCodec.decode(withCharset).get() == Samples.event(for: .sessionCompleted))
        let absent = try JSONTree.sample(.sessionCompleted) { $0["datacontenttype"] = nil }
        #expect(try EventCodec.decode(absent).get() == Samples.event(for: .sessionCompleted), "absent means JSON")
    }

    @Test func sourceAndTraceparentSyntax() throws {
        #expect(try envelopeProblems(.sessionCompleted) { $0["source"] = "not a uri" } == ["source: \"not a uri\" is not a URI reference"])
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        ] {
            #expect(try envelopeProblems(.sessionCompleted) { $0["traceparent"] = bad }.count == 1, "\(bad)")
        }
        let future = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"
        #expect(try EventCodec.decode(JSONTree.sample(.sessionCompleted) { $0["traceparent"] = future }).get().traceparent == future)
    }

    @Test func unknownExtraFieldsAreTolerated() throws {
        let bytes = try JSONTree.sample(.sessionScheduled) { event in
            event["partitionkey"] = "cluster-c"
            event["comexampleextension"] = ["nested": [1, 2, 3]]
            event["huge"] = 1
            var data = event["data"] as! [String: Any]
            data["added_in_v2"] = "ignored by this reader"
            var mentor = data["mentor"] as! [String: Any]
            mentor["timezone"] = "Asia/Kolkata"
            data["mentor"] = mentor
            event["data"] = data
        }
        #expect(try EventCodec.decode(bytes).get() == Samples.event(for: .sessionScheduled))
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"huge\":1", with: "\"huge\":1e400")
        #expect(try EventCodec.decode(Data(text.utf8)).get() == Samples.event(for: .sessionScheduled))
    }

    @Test func hugeNumbersAreOutOfRangeNotCrashes() throws {
        let text = String(decoding: try JSONTree.sampleData(.feedbackSubmitted) { $0["rating"] = 5 }, as: UTF8.self)
        for huge in ["1e400", "-1e400", "1" + String(repeating: "0", count: 400), "9223372036854775808", "1e19"] {
            let bytes = Data(text.replacingOccurrences(of: "\"rating\":5", with: "\"rating\":\(huge)").utf8)
            let found = try error(bytes).problems.map(\.description)
            #expect(found.count == 1 && found[0].hasPrefix("data.rating: ") && found[0].contains("out of range"), "\(huge): \(found)")
        }
    }

    @Test func nonObjectsAreNotEvents() throws {
        for text in ["[]", "\"event\"", "42", "null", "true"] {
            #expect(try error(Data(text.utf8)).kind == .notAnObject, "\(text)")
        }
    }

    @Test func malformedJSONSaysWhere() throws {
        let error = try error(Data("{\n  \"id\": tru\n}".utf8))
        #expect(error.kind == .malformedJSON(offset: 10, line: 2, column: 9))
        #expect(error.description == "malformed JSON at line 2, column 9 (byte 10): invalid literal, expected true")
        #expect(try self.error(Data()).kind == .malformedJSON(offset: 0, line: 1, column: 1))
        #expect(try self.error(Data("{\"a\":1,\"a\":2}".utf8)).problems.first?.message == "duplicate key \"a\"")
    }

    @Test func validateFindsProblemsBeforePublishing() {
        let event = CloudEvent(
            id: "e", source: "/mentorflow/ingest", time: Samples.time,
            data: .feedbackSubmitted(FeedbackSubmitted(sessionID: "S-1", learnerID: "L-1", feedback: Feedback(rating: 7, comment: ""))))
        #expect(EventCodec.validate(event) == [ValidationProblem(path: "data.rating", message: "7 is outside 1...5")])
        let nan = CloudEvent(
            id: "e", source: "/s", time: Samples.time,
            data: .feedbackScored(FeedbackScored(sessionID: "S-1", result: SentimentResult(
                label: .neutral, score: .nan, confidence: 1, language: .en, aspects: [], evidence: [], analyzerVersion: "v"))))
        #expect(EventCodec.validate(nan) == [ValidationProblem(path: "data.score", message: "required field is null")])
    }
}
