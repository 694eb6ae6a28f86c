import Foundation
import Testing

/// The regression suite of Tests/Golden/: each folder is a month (subscribers, CDR files, scenario.txt)
/// with golden bills.jsonl and rejects.csv worked out by hand in its README.md. Every scenario is billed
/// by the built binary and checked with `verify`; rejects must match byte for byte.
///
/// `TARIFFCALC_UPDATE_GOLDEN=1 swift test` rewrites the golden files from the current output (and says so);
/// without it, nothing is ever rewritten.
@Suite struct GoldenScenarioTests {
  static let scenarios: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Golden.folder)) ?? []
    return names.filter { FileManager.default.fileExists(atPath: "\(Golden.folder)/\($0)/scenario.txt") }.sorted()
  }()

  /// `month YYYY-MM` and optionally `as-of YYYY-MM-DD` from scenario.txt.
  static func settings(_ folder: String) throws -> [String] {
    let text = try String(contentsOfFile: "\(folder)/scenario.txt", encoding: .utf8)
    var args: [String] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let words = line.split(separator: " ").map(String.init)
      guard words.count == 2 else { continue }
      args += ["--\(words[0])", words[1]]
    }
    return args
  }

  @Test func thereAreScenarios() {
    #expect(Self.scenarios.count >= 14)
  }

  @Test(arguments: scenarios)
  func scenarioMatchesItsGoldenBills(_ name: String) throws {
    let folder = "\(Golden.folder)/\(name)"
    let out = TestSupport.temporaryFolder("golden-\(name)")
    let cdrs = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".csv") && $0 != "subscribers.csv" && $0 != "rejects.csv" }.sorted()
    let run = try Binary.run(["bill", "--tariffs", TestSupport.tariffs, "--subscribers", "subscribers.csv", "--out", out]
                             + (try Self.settings(folder)) + cdrs, in: folder)
    #expect(run.exitCode == 0, "\(run.stderr)")
    if Golden.updating {
      Golden.check(try String(contentsOfFile: "\(out)/bills.jsonl", encoding: .utf8), against: "\(folder)/bills.jsonl")
    } else {
      let verify = try Binary.run(["verify", "\(folder)/bills.jsonl", "\(out)/bills.jsonl"])
      #expect(verify.exitCode == 0, "\(name):\n\(verify.stdout)\(verify.stderr)")
    }
    Golden.check(try String(contentsOfFile: "\(out)/rejects.csv", encoding: .utf8), against: "\(folder)/rejects.csv")
  }
}
