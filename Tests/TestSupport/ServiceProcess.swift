import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A service executable of this package run as a real process, the way deploy scripts run it.
public final class ServiceProcess: @unchecked Sendable {
    // @unchecked: `Process` and `Pipe` are not Sendable; this wrapper is used from one test at a time.
    public let process = Process()
    private let errorPipe = Pipe()
    private let outputFile: URL

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
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var output: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Polls `http://127.0.0.1:<port>/health/ready` until it answers 200 (true), the process
    /// exits or `timeout` passes (false).
    public func waitUntilReady(port: Int, timeout: Duration = .seconds(60)) async -> Bool {
        await HTTPProbe.waitFor200("http://127.0.0.1:\(port)/health/ready", timeout: timeout, while: { self.process.isRunning })
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
}

/// Tiny HTTP GET over loopback for health and metrics checks.
public enum HTTPProbe {
    public static func get(_ url: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: url) else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else {
            return nil
        }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Any request; the response's status, headers and body (nil when nothing answered).
    public static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval = 60
    ) async -> (status: Int, headers: [String: String], body: String)? {
        guard let url = URL(string: url) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = timeout
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else {
            return nil
        }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)".lowercased()] = "\(value)" }
        return (http.statusCode, fields, String(decoding: data, as: UTF8.self))
    }

    /// Polls `url` until it answers 200 (true), or `timeout` passes or `condition` turns false (false).
    public static func waitFor200(_ url: String, timeout: Duration = .seconds(60), while condition: () -> Bool = { true }) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, condition() {
            if await get(url)?.status == 200 { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
