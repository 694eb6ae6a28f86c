import Foundation
import Testing
@testable import TariffCalcKit

/// Nothing the program did not make is deleted or overwritten: gen, bench and bill refuse a folder of
/// someone else's, by name, and leave it as it was.
@Suite struct OwnedFolderTests {
  /// Every file of a folder with its bytes.
  static func snapshot(_ dir: String) -> [String: Data] {
    var files: [String: Data] = [:]
    for name in (try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? [] {
      files[name] = FileManager.default.contents(atPath: "\(dir)/\(name)") ?? Data()
    }
    return files
  }

  static func userFolder() -> String {
    let dir = TestSupport.temporaryFolder("user")
    TestSupport.write("my notes\n", to: "\(dir)/notes.txt")
    TestSupport.write("subscriber,plan\n", to: "\(dir)/subscribers.csv")
    return dir
  }

  @Test func genRefusesAFolderOfSomeoneElses() throws {
    let dir = Self.userFolder()
    let before = Self.snapshot(dir)
    let r = try Binary.run(["gen", "--subscribers", "10", "--records", "100", "--out", dir])
    #expect(r.exitCode == 2)
    #expect(r.stderr == "\(dir): error: the folder holds files that are not a data set of tariffcalc (notes.txt, …): give a new or empty folder; nothing was written or removed\n")
    #expect(Self.snapshot(dir) == before)
  }

  @Test func benchRefusesAFolderOfSomeoneElses() throws {
    let dir = Self.userFolder()
    let before = Self.snapshot(dir)
    let r = try Binary.run(["bench", "--subscribers", "10", "--records", "100", "--runs", "1", "--jobs", "1", "--data", dir])
    #expect(r.exitCode == 2)
    #expect(r.stderr.contains("\(dir): error: the folder holds files that are not a data set of tariffcalc"))
    #expect(Self.snapshot(dir) == before)
  }

  /// A data set of the program's is rewritten: its own files replaced (with fewer files, the extra ones
  /// it wrote before are gone); a file someone added to it is kept.
  @Test func aDataSetOfTheProgramsIsRewrittenAndWhatWasAddedIsKept() throws {
    let dir = TestSupport.temporaryFolder() + "/data"
    let first = try Binary.run(["gen", "--subscribers", "10", "--records", "100", "--files", "3", "--out", dir])
    #expect(first.exitCode == 0, "\(first.stderr)")
    TestSupport.write("added by hand\n", to: "\(dir)/README.txt")
    let second = try Binary.run(["gen", "--subscribers", "10", "--records", "100", "--files", "2", "--out", dir])
    #expect(second.exitCode == 0, "\(second.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(names == [".tariffcalc-data-set", "README.txt", "cdr-2004-10-1.csv", "cdr-2004-10-2.csv", "subscribers.csv"])
    #expect(try String(contentsOfFile: "\(dir)/README.txt", encoding: .utf8) == "added by hand\n")
  }

  /// bill --out never replaces a bills.jsonl, rejects.csv or summary.json it did not write; it writes
  /// beside other files; an output folder of its own is written again.
  @Test func billRefusesToReplaceOutputsItDidNotWrite() throws {
    let dir = TestSupport.temporaryFolder()
    TestSupport.write("{\"golden\":true}\n", to: "\(dir)/golden/bills.jsonl")
    let before = Self.snapshot("\(dir)/golden")
    let r = try Binary.run(["bill", "--out", "\(dir)/golden"])
    #expect(r.exitCode == 2)
    #expect(r.stderr == "\(dir)/golden: error: the folder holds bills.jsonl that tariffcalc did not write: give another --out folder; nothing was replaced\n")
    #expect(Self.snapshot("\(dir)/golden") == before)

    TestSupport.write("keep me\n", to: "\(dir)/mixed/notes.txt")
    for _ in 0..<2 {
      let ok = try Binary.run(["bill", "--out", "\(dir)/mixed"])
      #expect(ok.exitCode == 0, "\(ok.stderr)")
    }
    #expect(try String(contentsOfFile: "\(dir)/mixed/notes.txt", encoding: .utf8) == "keep me\n")
  }
}
