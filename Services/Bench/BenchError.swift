/// Why a benchmark could not produce a figure. A benchmark that lost, nacked or could not decode
/// a message reports that instead of a throughput: a fast wrong answer is not a result.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
