import Foundation
import Testing
import TestSupport

/// The benchmarks live in `mentorflow-bench`, not in the product CLI. These runs check that a
/// benchmark prints its figures; they assert no figure (speed is not a test's business).
@Suite struct BenchCommandTests {
    func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try ServiceProcess(executable: executable, arguments: arguments, environment: ["PATH": "/usr/bin:/bin"])
        let status = await process.waitForExit()
        return (status, process.output)
    }

    @Test func codecPrintsMicrosecondsPerEventAndTheRatioToItsBaseline() async throws {
        let (status, output) = try await run("mentorflow-bench", ["codec", "--iterations", "50", "--runs", "2"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("mentorflow-bench codec --iterations 50 --runs 2"), "\(output)")
        #expect(output.contains("µs/event"), "\(output)")
        for side in ["EventCodec encode+decode", "JSONSerialization round trip (baseline)"] {
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(side) }, "no \(side) row:\n\(output)")
            // Median [min–max] in µs, then events/s.
            #expect(line.contains(/\d+\.\d\d \[\d+\.\d\d–\d+\.\d\d\]\s+[\d,]+$/), "\(line)")
        }
        #expect(output.contains(/ratio EventCodec\/JSONSerialization: \d+\.\d\d \(events\/s/), "\(output)")
        #expect(output.contains(/event: \d+-byte feedback\.submitted CloudEvent/), "\(output)")
    }

    @Test func codecRejectsZeroIterations() async throws {
        let (status, output) = try await run("mentorflow-bench", ["codec", "--iterations", "0"])
        #expect(status != 0)
        #expect(output.contains("--iterations must be at least 1"), "\(output)")
    }

    @Test func theProductCLIHasNoBenchCommand() async throws {
        let (status, output) = try await run("mentorflow", ["bench", "codec"])
        #expect(status != 0, "\(output)")
        let help = try await run("mentorflow-bench", ["--help"])
        #expect(help.status == 0)
        for command in ["amqp", "ingest", "sentiment", "summary", "insights", "codec"] {
            #expect(help.output.contains("  \(command) "), "mentorflow-bench --help lists \(command):\n\(help.output)")
        }
    }
}
