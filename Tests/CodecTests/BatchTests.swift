import Codec
import Foundation
import Model
import Testing

@Suite struct BatchTests {
    @Test func oneValidAndOneInvalidElementAreReportedSeparately() throws {
        let valid = try JSONTree.object(EventCodec.encode(Samples.event(for: .sessionCompleted)))
        var invalid = try JSONTree.object(EventCodec.encode(Samples.event(for: .feedbackSubmitted)))
        var data = invalid["data"] as! [String: Any]
        data["rating"] = 7
        invalid["data"] = data
        let body = try JSONSerialization.data(withJSONObject: [valid, invalid])

        let results = try EventCodec.decodeBatch(body).get()
        try #require(results.count == 2)
        #expect(try results[0].get() == Samples.event(for: .sessionCompleted))
        guard case .failure(let error) = results[1] else {
            Issue.record("the invalid element decoded")
            return
        }
        #expect(error.problems == [ValidationProblem(path: "data.rating", message: "7 is outside 1...5")])
    }

    @Test func nonArrayBodyFailsAsAWhole() {
        let single = EventCodec.encode(Samples.event(for: .sessionCompleted))
        #expect(failureKind(EventCodec.decodeBatch(single)) == .notAnArray)
        #expect(failureKind(EventCodec.decodeBatch(Data("[{".utf8))) == .malformedJSON(offset: 2, line: 1, column: 3))
    }

    @Test func nonObjectElementsAreElementFailures() throws {
        let results = try EventCodec.decodeBatch(Data("[1, \"x\", null]".utf8)).get()
        #expect(results.count == 3)
        for result in results {
            guard case .failure(let error) = result else {
                Issue.record("decoded a non-object")
                continue
            }
            #expect(error.kind == .notAnObject)
        }
    }

    private func failureKind<T>(_ result: Result<T, EventDecodingError>) -> EventDecodingError.Kind? {
        guard case .failure(let error) = result else { return nil }
        return error.kind
    }
}
