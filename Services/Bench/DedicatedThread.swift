import Foundation

/// Runs blocking librabbitmq work on an OS thread of its own and hands the result back to async
/// code through a continuation.
///
/// Swift's cooperative pool has one thread per core (two here); a blocking C call on it would
/// stall every task, including the async layer being measured next to it. The closure gets only
/// Sendable inputs: the C connection it uses must be created inside it, on that thread, and never
/// leave it (librabbitmq connections are not thread-safe and not Sendable).
enum DedicatedThread {
    static func run<Result: Sendable>(
        name: String, _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = name
            thread.start()
        }
    }
}
