/// Where and why bytes are not JSON.
struct JSONSyntaxError: Error {
    let message: String
    /// Byte offset from the start of the input (0-based).
    let offset: Int
}
