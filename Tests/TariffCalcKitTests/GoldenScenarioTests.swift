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

  /// What scenario.txt says: `month YYYY-MM`, optionally `as-of YYYY-MM-DD`, and optionally `plans extra`
  /// to bill with the shipped tariffs plus the fixture plans of `Fixtures/extra-plans` (a test plan such
  /// as `test-bands` has terms no shipped plan has).
  static func settings(_ folder: String) throws -> (tariffs: String, arguments: [String]) {
    let text = try String(contentsOfFile: "\(folder)/scenario.txt", encoding: .utf8)
    var tariffs = TestSupport.tariffs
    var args: [String] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let words = line.split(separator: " ").map(String.init)
      guard words.count == 2 else { continue }
      if words[0] == "plans" {
        guard words[1] == "extra" else { throw ScenarioError.unknownPlans(words[1]) }
        tariffs = TestSupport.tariffsWithFixtures
      } else {
        args += ["--\(words[0])", words[1]]
      }
    }
    return (tariffs, args)
  }

  enum ScenarioError: Error { case unknownPlans(String) }

  @Test func thereAreScenarios() {
    #expect(Self.scenarios.count >= 14)
  }

  @Test(arguments: scenarios)
  func scenarioMatchesItsGoldenBills(_ name: String) throws {
    let folder = "\(Golden.folder)/\(name)"
    let out = TestSupport.temporaryFolder("golden-\(name)")
    let cdrs = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".csv") && $0 != "subscribers.csv" && $0 != "rejects.csv" }.sorted()
    let settings = try Self.settings(folder)
    let run = try Binary.run(["bill", "--tariffs", settings.tariffs, "--subscribers", "subscribers.csv", "--out", out]
                             + settings.arguments + cdrs, in: folder)
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
