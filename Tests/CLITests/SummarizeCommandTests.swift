import Foundation
import Testing
import TestSupport

/// `mentorflow summarize --csv` run as a process: one JSON line per valid session, bad rows
/// reported with their line and skipped, exit 1 when any row was rejected.
@Suite struct SummarizeCommandTests {
    @Test func oneLinePerSessionAndBadRowsReported() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mf-summarize-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("sessions.csv")
        let output = folder.appendingPathComponent("summaries.jsonl")
        try """
            session_id,program,batch,mentor_id,mentor_name,pm_cluster,learner_id,learner_name,learner_email,session_type,scheduled_at,scheduled_duration_min,actual_duration_min,status,learner_attended,mentor_prep,rating,feedback,follow_up_scheduled
            S-1,DS,B-1,M-1,Vikram Singh,cluster-a,L-1,Asha Rao,asha@example.com,Resume Review,2025-05-19T21:30:00+05:30,60,60,Completed,Yes,Yes,5,"Excellent career guidance, very motivating. The career guidance was what I needed.",Yes
            S-2,DS,B-1,M-1,Vikram Singh,cluster-a,L-2,Ravi Kumar,ravi@example.com,Mock Interview,2025-05-20T21:30:00+05:30,45,,No-Show,No,Partial,,,No
            S-3,DS,B-1,M-1,Vikram Singh,cluster-a,L-3,Bad Row,not-an-email,Mock Interview,2025-05-20T21:30:00+05:30,45,,No-Show,No,Partial,,,No

            """.write(to: csv, atomically: true, encoding: .utf8)
        let process = try ServiceProcess(executable: "mentorflow", arguments: ["summarize", "--csv", csv.path, "--output", output.path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await process.waitForExit() == 1, "a rejected row makes the exit status 1:\n\(process.output)")
        #expect(process.output.contains("line 4"), "the bad row is named by line:\n\(process.output)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["session_id"] as? String == "S-1")
        #expect(first["status"] as? String == "draft")
        #expect(first["key_phrases"] as? [String] == ["career guidance"])
        // Scored offline by the sentiment analyser, as mentorflow-sentiment would.
        #expect(first["text"] as? String == "Vikram Singh held a full 60-minute Resume Review session with Asha Rao, rated 5/5. Feedback was positive, mentioning career guidance.")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["text"] as? String == "Ravi Kumar did not attend the Mock Interview session booked with Vikram Singh (no-show). Limited learner feedback available.")
    }
}
