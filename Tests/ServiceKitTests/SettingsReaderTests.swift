import Foundation
import Testing
@testable import ServiceKit

/// The one settings reader: typed accessors that keep defaults, and every problem collected by
/// variable name so that one start reports them all.
@Suite struct SettingsReaderTests {
    enum Mode: String, CaseIterable { case fast, safe }

    @Test func unsetAndEmptyValuesGiveTheDefaults() throws {
        var reader = SettingsReader(values: ["EMPTY": ""])
        let string = reader.string("EMPTY", default: "x")
        let integer = reader.integer("N", default: 3, in: 1...9)
        let seconds = reader.seconds("S", default: .seconds(60), in: 0...100)
        let minutes = reader.minutes("M", default: .seconds(120), in: 1...10)
        let mode = reader.choice("MODE", default: Mode.safe)
        let flag = reader.bool("B", default: true)
        let file = reader.file("P") { try Data(contentsOf: $0) }
        #expect(string == "x")
        #expect(integer == 3)
        #expect(seconds == .seconds(60))
        #expect(minutes == .seconds(120))
        #expect(mode == .safe)
        #expect(flag == true)
        #expect(reader.path("P") == nil)
        #expect(file == nil)
        try reader.validate()
    }

    @Test func goodValuesAreRead() throws {
        var reader = SettingsReader(values: [
            "N": "7", "S": "0.25", "M": "3", "MODE": "FAST", "B": "no", "P": "/tmp/x", "POSITIVE": "12",
        ])
        let integer = reader.integer("N", default: 3, in: 1...9)
        let seconds = reader.seconds("S", default: .seconds(60), in: 0...100)
        let minutes = reader.minutes("M", default: .seconds(60), in: 1...10)
        let mode = reader.choice("MODE", default: Mode.safe)
        let flag = reader.bool("B", default: true)
        let positive = reader.positiveInteger("POSITIVE", default: 1)
        #expect(integer == 7)
        #expect(seconds == .milliseconds(250))
        #expect(minutes == .seconds(180))
        #expect(mode == .fast)
        #expect(flag == false)
        #expect(reader.path("P")?.path == "/tmp/x")
        #expect(positive == 12)
        try reader.validate()
    }

    @Test func everyProblemIsCollectedByVariableName() {
        var reader = SettingsReader(values: [
            "N": "70", "S": "soon", "MODE": "slow", "B": "maybe", "ZONE": "Mars/Olympus", "FILE": "/nonexistent/file",
        ])
        _ = reader.integer("N", default: 3, in: 1...9)
        _ = reader.seconds("S", default: .seconds(1), in: 0.1...86_400)
        _ = reader.choice("MODE", default: Mode.safe)
        _ = reader.bool("B", default: true)
        _ = reader.parsed("ZONE", expected: "is not a time zone name") { TimeZone(identifier: $0) }
        _ = reader.file("FILE") { try Data(contentsOf: $0) }
        _ = reader.required("MISSING")
        let problems = reader.problems
        #expect(problems.count == 7)
        #expect(Array(problems.prefix(5)) == [
            "N=70 must be a whole number in 1...9",
            "S=soon must be a number of seconds in 0.1...86400",
            "MODE=slow must be one of fast, safe",
            "B=maybe must be true or false",
            "ZONE=Mars/Olympus is not a time zone name",
        ])
        #expect(problems.contains { $0.hasPrefix("FILE=/nonexistent/file: ") })
        #expect(problems.last == "MISSING is required but not set")
        #expect(throws: ConfigurationError.self) { try reader.validate() }
    }

    @Test func exitStatusesAreTheSysexitsOnes() {
        #expect(ServiceMain.status(for: ConfigurationError(problems: [])) == .configuration)
        #expect(ServiceMain.status(for: StorageError(what: "store", directory: "/x", underlying: "read-only")) == .storage)
        #expect(ServiceMain.status(for: CancellationError()) == .software)
        #expect(ExitStatus.configuration.rawValue == 78 && ExitStatus.storage.rawValue == 73)
    }
}
