import Testing
@testable import AMQP

@Suite struct AckCoalescerTests {
    /// Requests an ack and returns whether the coalescer took it (the mutation stays outside #expect).
    func request(_ acks: inout AckCoalescer, _ tags: UInt64...) -> [Bool] {
        tags.map { acks.requestAck($0) }
    }

    @Test func aSettledPrefixBecomesOneMultipleAck() {
        var acks = AckCoalescer()
        for tag in 1...5 { acks.delivered(UInt64(tag)) }
        let taken = request(&acks, 2, 1, 3)
        #expect(taken == [true, true, true])
        let flushed = acks.flush()
        #expect(flushed.multipleThrough == 3)
        #expect(flushed.singles.isEmpty)
        let again = acks.flush()
        #expect(again.multipleThrough == nil && again.singles.isEmpty, "nothing is sent twice")
    }

    @Test func acksBehindAGapAreSentSingleNotHeldBack() {
        var acks = AckCoalescer()
        for tag in 1...4 { acks.delivered(UInt64(tag)) }
        _ = request(&acks, 2, 4)
        let flushed = acks.flush()
        #expect(flushed.multipleThrough == nil, "tag 1 is unsettled: a multiple ack would ack it too")
        #expect(flushed.singles == [2, 4])
        _ = request(&acks, 1)
        let next = acks.flush()
        #expect(next.multipleThrough == 1)
        let late = request(&acks, 2)
        #expect(late == [false], "already settled on the wire")
    }

    @Test func rejectedTagsAreNeverCoveredByAMultipleAck() {
        var acks = AckCoalescer()
        for tag in 1...3 { acks.delivered(UInt64(tag)) }
        acks.markSettled(1) // rejected on the wire
        _ = request(&acks, 2, 3)
        let flushed = acks.flush()
        #expect(flushed.multipleThrough == 3, "tag 1 left the window when it was rejected")
    }

    @Test func unknownTagsAndResetChannels() {
        var acks = AckCoalescer()
        acks.delivered(7)
        let unknown = request(&acks, 3)
        #expect(unknown == [false])
        acks.reset()
        let stale = request(&acks, 7)
        #expect(stale == [false], "tags of an old channel mean nothing")
    }
}
