import CLISupport
import Foundation

/// Everything one `mentorflow-bench amqp` run measured, printable as a table for people and as
/// JSON (`--json`) for scripts and the README. Figures are messages per second.
struct BenchReport: Codable, Sendable {
    /// The command that reproduces the run (without the broker URL, which may hold a password).
    let command: String
    let broker: String
    let bodyBytes: Int
    let eventType: String
    let runs: Int
    let window: Int
    let queueType: String
    /// EventCodec's own cost per event, measured in the same process with the broker idle.
    let codec: CodecCost
    let machine: Machine
    let notes: [String]
    let results: [ScenarioResult]

    var failed: Bool { results.contains { $0.error != nil } }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        let header = ["scenario", "messages", "raw msgs/s", "async msgs/s", "async/raw", "target", "CPU µs/msg raw / async"]
        var rows = [header]
        for result in results {
            rows.append([
                result.title,
                Self.grouped(result.messages),
                result.raw.map(Self.figure) ?? (result.error == nil ? "-" : "failed"),
                result.async.map(Self.figure) ?? (result.error == nil ? "-" : "failed"),
                result.ratio.map { String(format: "%.2f", $0) } ?? "-",
                result.target.map { target in
                    let verdict = result.meetsTarget.map { $0 ? "met" : "MISSED" } ?? ""
                    return "≥ \(String(format: "%.2f", target)) \(verdict)"
                } ?? "",
                [result.raw, result.async].map { side in
                    side.map { String(format: "%.1f", $0.cpuMicrosecondsPerMessage) } ?? "-"
                }.joined(separator: " / "),
            ])
        }
        var text = [
            "\(command)",
            "broker \(broker), \(queueType) durable queues, median of \(runs) run(s) [min–max]",
            machine.summary,
            "",
        ]
        text += TextTable.lines(rows, leftAligned: [0, 5])
        text.append("")
        text += notes.map { "note: \($0)" }
        text.append(
            "note: EventCodec alone on this machine: encode \(String(format: "%.1f", codec.encodeMicroseconds)) µs, "
                + "decode \(String(format: "%.1f", codec.decodeMicroseconds)) µs per event (one thread, broker idle)")
        for result in results {
            if let error = result.error { text.append("FAILED \(result.scenario): \(error)") }
        }
        return text.joined(separator: "\n")
    }

    /// "16,020 [15,110–16,930]"
    private static func figure(_ side: SideResult) -> String {
        let low = side.runs.min() ?? side.median
        let high = side.runs.max() ?? side.median
        guard side.runs.count > 1 else { return grouped(Int(side.median.rounded())) }
        return "\(grouped(Int(side.median.rounded()))) [\(grouped(Int(low.rounded())))–\(grouped(Int(high.rounded())))]"
    }

    /// Thousands separated by commas whatever the locale, so tables read the same everywhere.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(abs(value)))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
}

/// One scenario: both sides' runs, and the ratio of their medians.
struct ScenarioResult: Codable, Sendable {
    let scenario: String
    let title: String
    let messages: Int
    let raw: SideResult?
    let async: SideResult?
    let targetRatio: Double?
    /// Why the scenario has no figure (a stall, a lost or undecodable message, a broker error).
    let error: String?

    var target: Double? { targetRatio }

    var ratio: Double? {
        guard let raw, let async, raw.median > 0 else { return nil }
        return async.median / raw.median
    }

    var meetsTarget: Bool? {
        guard let ratio, let targetRatio else { return nil }
        return ratio >= targetRatio
    }

    private enum CodingKeys: String, CodingKey {
        case scenario, title, messages, raw, async, targetRatio, error, ratio, meetsTarget
    }

    init(scenario: String, title: String, messages: Int, raw: SideResult?, async: SideResult?, targetRatio: Double?, error: String?) {
        self.scenario = scenario
        self.title = title
        self.messages = messages
        self.raw = raw
        self.async = async
        self.targetRatio = targetRatio
        self.error = error
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            scenario: try container.decode(String.self, forKey: .scenario),
            title: try container.decode(String.self, forKey: .title),
            messages: try container.decode(Int.self, forKey: .messages),
            raw: try container.decodeIfPresent(SideResult.self, forKey: .raw),
            async: try container.decodeIfPresent(SideResult.self, forKey: .async),
            targetRatio: try container.decodeIfPresent(Double.self, forKey: .targetRatio),
            error: try container.decodeIfPresent(String.self, forKey: .error))
    }

    /// The derived ratio and verdict are written too, so scripts need not recompute them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(title, forKey: .title)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(raw, forKey: .raw)
        try container.encodeIfPresent(async, forKey: .async)
        try container.encodeIfPresent(targetRatio, forKey: .targetRatio)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(ratio.map { ($0 * 1000).rounded() / 1000 }, forKey: .ratio)
        try container.encodeIfPresent(meetsTarget, forKey: .meetsTarget)
    }
}

/// One side's throughput per run and their median (the figure compared), and the median client
/// CPU per message, which tells client cost apart from broker cost.
struct SideResult: Codable, Sendable {
    let runs: [Double]
    let median: Double
    let cpuMicrosecondsPerMessage: Double

    init(_ figures: [RunFigure]) {
        runs = figures.map { $0.rate.rounded() }
        median = Self.median(figures.map(\.rate)).rounded()
        cpuMicrosecondsPerMessage = (Self.median(figures.map(\.cpuMicroseconds)) * 10).rounded() / 10
    }

    /// The middle value (the mean of the two middle ones for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The machine the figures come from. The broker, the client and anything else running share
/// the cores, so the load average around the run says whether the figures can be trusted.
struct Machine: Codable, Sendable {
    let cores: Int
    let loadBefore: Double?
    let loadAfter: Double?

    /// "machine: 2 cores, load average 0.61 before, 0.73 after (…)", the line under a benchmark's title.
    var summary: String {
        "machine: \(cores) cores, load average \(loadBefore.map { String(format: "%.2f", $0) } ?? "?") before, "
            + "\(loadAfter.map { String(format: "%.2f", $0) } ?? "?") after (anything else running skews the figures)"
    }

    /// The one-minute load average (Linux `/proc/loadavg`); nil where there is none.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
