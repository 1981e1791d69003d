import Foundation

/// A file read in fixed-size chunks, so a 1 GB export streams through in flat memory
/// (`mentorflow import` and `mentorflow-bench ingest` feed it to `CSVImport`).
public struct FileChunks: AsyncSequence {
    public typealias Element = [UInt8]
    let handle: FileHandle
    let size: Int

    public init(path: String, size: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        self.size = size
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        let size: Int
        public mutating func next() async throws -> [UInt8]? {
            guard let data = try handle.read(upToCount: size), !data.isEmpty else { return nil }
            return Array(data)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle, size: size) }
}
