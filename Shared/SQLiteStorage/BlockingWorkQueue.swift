import Dispatch

/// Threads of their own for work that blocks (synchronous SQLite calls through GRDB), so that an
/// async caller suspends instead of holding one of the cooperative pool's threads (two on a
/// 2-core machine) while SQLite waits for a lock or the disk. For code whose database calls are
/// interleaved with computation and cannot be one GRDB `read`/`write` closure (the summary
/// engine reads, computes outside the transaction, then writes); a single read or write should use
/// GRDB's own async API instead.
public struct BlockingWorkQueue: Sendable {
    private let queue: DispatchQueue

    /// `label` names the threads in a debugger or a thread dump.
    public init(label: String) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    /// Runs `work` on the queue's threads; the calling task suspends until it returns.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
