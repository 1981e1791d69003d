import ArgumentParser
import Foundation

/// Runs each chosen scenario `runs` times on both sides and keeps the per-run figures.
///
/// Every measurement gets a fresh queue, declared before and deleted after the clock runs, so no
/// run inherits another's backlog. Raw and async alternate which goes first from run to run, so
/// a broker that slows down (or warms up) over time does not favour one side. After each run the
/// queue's leftover message count is checked: a benchmark that lost a message fails.
struct BenchRunner: Sendable {
    let broker: BenchBroker
    let raw: RawScenarios
    let asyncLayer: AsyncScenarios
    let runID: String
    /// Messages per measurement, and the smaller count for window 1 (about 10× slower).
    let messages: Int
    let windowOneMessages: Int
    let runs: Int
    let window: Int
    /// Idle time after each measurement, so one run's clean-up does not slow the next.
    let pause: Duration
    /// Both sides normally; one side alone to profile it without the other's samples.
    let sides: [Side]

    enum Side: String, Sendable, CaseIterable, ExpressibleByArgument {
        case raw, async
    }

    func run(_ scenarios: [BenchScenario]) async -> [ScenarioResult] {
        var results: [ScenarioResult] = []
        for scenario in scenarios {
            results.append(await run(scenario))
        }
        return results
    }

    private func run(_ scenario: BenchScenario) async -> ScenarioResult {
        let count = scenario == .publishWindow1 ? windowOneMessages : messages
        var figures: [Side: [RunFigure]] = [.raw: [], .async: []]
        var failure: String?
        runs: for run in 1...runs {
            let order = run % 2 == 1 ? sides : sides.reversed()
            for side in order {
                do {
                    let figure = try await measure(scenario, side: side, run: run, count: count)
                    figures[side]?.append(figure)
                    progress(
                        "\(scenario.rawValue) run \(run)/\(runs) \(side.rawValue): "
                            + "\(BenchReport.grouped(Int(figure.rate.rounded()))) msgs/s, "
                            + "client CPU \(String(format: "%.1f", figure.cpuMicroseconds)) µs/msg")
                } catch {
                    failure = "\(side.rawValue), run \(run): \(error)"
                    progress("\(scenario.rawValue) run \(run)/\(runs) \(side.rawValue): FAILED: \(error)")
                    break runs
                }
            }
        }
        let complete = failure == nil
        return ScenarioResult(
            scenario: scenario.rawValue, title: scenario.title(window: window), messages: count,
            raw: complete && sides.contains(.raw) ? SideResult(figures[.raw]!) : nil,
            async: complete && sides.contains(.async) ? SideResult(figures[.async]!) : nil,
            targetRatio: scenario.targetRatio, error: failure)
    }

    /// One timed measurement on a fresh queue.
    private func measure(_ scenario: BenchScenario, side: Side, run: Int, count: Int) async throws -> RunFigure {
        let queue = "bench.\(scenario.rawValue).\(side.rawValue).\(runID).\(run)"
        try await broker.declareQueue(queue)
        do {
            if scenario.needsPrefilledQueue {
                // Filled by the raw publisher for both sides, so both drain identical queues.
                _ = try await raw.publishConfirmed(queue: queue, count: count, window: 1000)
            }
            let cpuBefore = ProcessCPU.now()
            let elapsed = try await timed(scenario, side: side, queue: queue, count: count)
            let cpu = ProcessCPU.now() - cpuBefore
            let expected = scenario.expectedLeftover(count: count)
            let leftover = try await broker.messageCount(queue, settlingAt: expected)
            guard leftover == expected else {
                throw BenchError("queue \(queue) held \(leftover) messages afterwards, expected \(expected)")
            }
            _ = try await broker.deleteQueue(queue)
            try await Task.sleep(for: pause)
            return RunFigure(rate: Double(count) / elapsed.seconds, cpuMicroseconds: cpu * 1e6 / Double(count))
        } catch {
            _ = try? await broker.deleteQueue(queue)
            throw error
        }
    }

    private func timed(_ scenario: BenchScenario, side: Side, queue: String, count: Int) async throws -> Duration {
        switch (scenario, side) {
        case (.publishWindow1, .raw):
            try await raw.publishConfirmed(queue: queue, count: count, window: 1)
        case (.publishWindow1, .async):
            try await asyncLayer.publishOneByOne(queue: queue, count: count)
        case (.publishWindowLarge, .raw):
            try await raw.publishConfirmed(queue: queue, count: count, window: window)
        case (.publishWindowLarge, .async):
            try await asyncLayer.publishWindowed(queue: queue, count: count, window: window)
        case (.consumePrefetch1, .raw), (.consumePrefetch100, .raw), (.consumePrefetch500, .raw):
            try await raw.consume(queue: queue, count: count, prefetch: scenario.prefetch!)
        case (.consumePrefetch1, .async), (.consumePrefetch100, .async), (.consumePrefetch500, .async):
            try await asyncLayer.consume(queue: queue, count: count, prefetch: scenario.prefetch!)
        case (.endToEnd, .raw):
            try await raw.endToEnd(queue: queue, count: count, window: window, prefetch: BenchScenario.endToEndPrefetch)
        case (.endToEnd, .async):
            try await asyncLayer.endToEnd(queue: queue, count: count, window: window, prefetch: BenchScenario.endToEndPrefetch)
        }
    }

    /// Progress goes to stderr, so `--json` output on stdout stays clean.
    private func progress(_ line: String) {
        FileHandle.standardError.write(Data("[bench] \(line)\n".utf8))
    }
}

/// One side's figures for one run.
struct RunFigure: Sendable {
    let rate: Double
    /// CPU time this process spent (all threads, user + system) per message while the clock ran.
    /// The broker shares the two cores: every microsecond the client burns is one it cannot use.
    let cpuMicroseconds: Double
}

/// CPU time used so far by the whole process, in seconds.
enum ProcessCPU {
    static func now() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
