import DequeModule

/// Turns the one-by-one acks of consumers into as few `basic.ack` frames as possible.
///
/// Every frame the client sends costs a `send` syscall here and a wake-up and a frame to parse on
/// the broker, which shares the machine's two cores; per-message acks were the largest single
/// cost of a consuming connection. Delivery tags on a channel are dense and increasing, so the
/// driver keeps the state of every tag it handed out and not yet settled on the wire, and when it
/// flushes (once per loop turn, right after serving the mailbox) it sends one `multiple` ack for
/// the longest settled prefix, and single acks for requested acks behind a gap (never holding an
/// ack back: a held ack would count against the consumer's prefetch).
struct AckCoalescer {
    enum State { case unsettled, ackRequested, settled }

    /// The tag of `states.first`.
    private var base: UInt64 = 1
    private var states = Deque<State>()
    private var requested = 0

    /// A new channel: tags restart at 1 and old ones mean nothing.
    mutating func reset() {
        base = 1
        states.removeAll()
        requested = 0
    }

    /// The driver handed out `tag` (a delivery or a basic.get-ok).
    mutating func delivered(_ tag: UInt64) {
        if states.isEmpty {
            base = tag
        } else {
            // Tags are dense; should one ever be skipped, it is not ours to settle.
            while base + UInt64(states.count) < tag { states.append(.settled) }
        }
        states.append(.unsettled)
    }

    /// The application acked `tag`. False when the tag is unknown (let the broker judge it).
    mutating func requestAck(_ tag: UInt64) -> Bool {
        guard let index = index(of: tag), states[index] == .unsettled else { return false }
        states[index] = .ackRequested
        requested += 1
        return true
    }

    /// `tag` was settled on the wire some other way (nack, reject).
    mutating func markSettled(_ tag: UInt64) {
        guard let index = index(of: tag) else { return }
        if states[index] == .ackRequested { requested -= 1 }
        states[index] = .settled
        // A consumer that only rejects must not grow the list: drop the settled prefix now.
        while states.first == .settled {
            states.removeFirst()
            base += 1
        }
    }

    /// What to send now: a multiple ack up to `multipleThrough` and single acks for `singles`.
    mutating func flush() -> (multipleThrough: UInt64?, singles: [UInt64]) {
        guard requested > 0 else { return (nil, []) }
        var last: UInt64?
        while let first = states.first, first != .unsettled {
            if first == .ackRequested {
                last = base
                requested -= 1
            }
            states.removeFirst()
            base += 1
        }
        var singles: [UInt64] = []
        if requested > 0 {
            for index in states.indices where states[index] == .ackRequested {
                singles.append(base + UInt64(index))
                states[index] = .settled
            }
            requested = 0
        }
        return (last, singles)
    }

    private func index(of tag: UInt64) -> Int? {
        guard tag >= base, tag - base < UInt64(states.count) else { return nil }
        return Int(tag - base)
    }
}
