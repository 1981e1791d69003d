import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP requests from tests to the services they run, over loopback.
///
/// One AsyncHTTPClient of its own with a connection pool wide enough that a probe never waits
/// for a connection: FoundationNetworking's `URLSession.shared` is one libcurl session shared by
/// every test running in parallel, so a readiness probe queued behind other tests' slow requests
/// used to give up after its full timeout while the service had been ready for seconds.
public enum HTTPProbe {
    private static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(2)),
            connectionPool: .init(idleTimeout: .seconds(5), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)))

    public static func get(_ url: String, timeout: TimeInterval = 2) async -> (status: Int, body: String)? {
        guard let response = await send("GET", url, timeout: timeout) else { return nil }
        return (response.status, response.body)
    }

    /// Any request; the response's status, headers (names lowercased) and body (nil when nothing answered).
    public static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval = 60
    ) async -> (status: Int, headers: [String: String], body: String)? {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
            var fields: [String: String] = [:]
            for header in response.headers {
                // Repeated fields (Set-Cookie) joined as HTTP allows, like HTTPURLResponse did.
                fields[header.name.lowercased(), default: ""].append(fields[header.name.lowercased()] == nil ? header.value : ", " + header.value)
            }
            return (Int(response.status.code), fields, String(buffer: bytes))
        } catch {
            return nil
        }
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
