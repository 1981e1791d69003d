import ArgumentParser
import Foundation

/// Where a command writes its lines: standard output for "-", else a file created (or emptied) for it.
struct OutputFile {
    let handle: FileHandle

    init(_ path: String) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot write \(path)")
            }
            handle = file
        }
    }

    func write(_ data: Data) { handle.write(data) }
}
