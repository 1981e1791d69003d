import Foundation
import Synchronization

/// A service executable of this package run as a real process, the way deploy scripts run it.
///
/// A service started with `MENTORFLOW_HTTP_PORT=0` (what `TestBroker.serviceEnvironment` sets)
/// binds a port the kernel picks and logs it (`listening`, `http.port`); `waitUntilReady` reads
/// it from there, so tests never draw ports from a shared random range. The process never
/// outlives its test: it is killed when this object goes away (a failed `#require` included)
/// and, as a last resort, when the test process exits.
public final class ServiceProcess: @unchecked Sendable {
    // @unchecked: `Process` is not Sendable; this wrapper is used from one test at a time,
    // and its mutable state (the port) sits behind a Mutex.
    public let process = Process()
    private let outputFile: URL
    private let discoveredPort = Mutex<Int?>(nil)

    /// The folder holding this build's executables (next to the test bundle).
    public static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    public init(executable: String, arguments: [String] = [], environment: [String: String]) throws {
        process.executableURL = Self.productsDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = environment
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(executable)-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputFile)
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        ChildProcesses.shared.started(process.processIdentifier)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        ChildProcesses.shared.ended(process.processIdentifier)
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var output: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// The HTTP port the service listens on, once it logged it (nil before, or for a process that
    /// is not a service).
    public var port: Int? {
        if let port = discoveredPort.withLock({ $0 }) { return port }
        guard let port = Self.listeningPort(in: output) else { return nil }
        discoveredPort.withLock { $0 = port }
        return port
    }

    /// `http://127.0.0.1:<port>`: call after `waitUntilReady` returned true.
    public var baseURL: String {
        "http://127.0.0.1:\(port ?? 0)"
    }

    /// Waits until the service logged its port and `/health/ready` answers 200 (true), or the
    /// process exits or `timeout` passes (false).
    public func waitUntilReady(timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while port == nil {
            guard process.isRunning, ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await HTTPProbe.waitFor200(baseURL + "/health/ready", timeout: deadline - ContinuousClock.now, while: { self.process.isRunning })
    }

    /// Waits for the process to exit (killing it after `timeout`) and returns its status.
    public func waitForExit(timeout: Duration = .seconds(60)) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            process.terminate()
            try? await Task.sleep(for: .milliseconds(200))
            kill(process.processIdentifier, SIGKILL)
            return -1
        }
        return process.terminationStatus
    }

    /// The port of the service's `listening` log line (JSON `"http.port":"N"` or text `http.port=N`).
    static func listeningPort(in output: String) -> Int? {
        for line in output.split(separator: "\n") where line.contains("listening") {
            guard let range = line.range(of: "http.port") else { continue }
            let digits = line[range.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }
            if let port = Int(digits), port > 0 { return port }
        }
        return nil
    }
}

/// Every process a test started and that has not ended: killed when the test process exits,
/// so not even a crashed or abandoned test leaves a service running after the suite.
final class ChildProcesses: Sendable {
    static let shared = ChildProcesses()
    private let running = Mutex<Set<Int32>>([])

    private init() {
        atexit {
            for pid in ChildProcesses.shared.running.withLock({ $0 }) { kill(pid, SIGKILL) }
        }
    }

    func started(_ pid: Int32) {
        _ = running.withLock { $0.insert(pid) }
    }

    func ended(_ pid: Int32) {
        _ = running.withLock { $0.remove(pid) }
    }
}
