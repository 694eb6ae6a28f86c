import Foundation
import Testing

/// Habits of a command line: arguments are checked before any file is read, --version, --jobs bounded.
@Suite struct CommandLineTests {
  /// A bad argument is bad usage (exit 64) even when the tariff folder does not exist: nothing is read
  /// before the arguments are checked.
  @Test(arguments: [
    ["bill", "--as-of", "2004-13-99"],
    ["bill", "--month", "2004-13"],
    ["bill", "--jobs", "0"],
    ["quote", "13871000004", "--as-of", "2004-13-99"],
    ["quote", "13871000004", "--month", "October"],
    ["quote", "--plan", "standard", "--usage", "mo=1", "--month", "2004-13"],
    ["quote", "--plan", "standard", "--usage", "walk=1"],
    ["advise", "13871000004", "--month", "2004-13"],
    ["plans", "--on", "2004-02-30"],
    ["change", "13871000004", "--plan", "gotone", "--on", "2004-13-01"],
  ])
  func argumentsBeforeFiles(arguments: [String]) throws {
    let r = try Binary.run(arguments + ["--tariffs", "/nonexistent-tariffs"])
    #expect(r.exitCode == 64, "\(arguments): \(r.stderr)")
    #expect(r.stderr.hasPrefix("error: "), "\(arguments): \(r.stderr)")
    #expect(!r.stderr.contains("nonexistent-tariffs"), "\(arguments): \(r.stderr)")
  }

  @Test func version() throws {
    let r = try Binary.run(["--version"])
    #expect(r.exitCode == 0)
    #expect(r.stdout.hasPrefix("tariffcalc "))
    #expect(r.stdout.split(separator: " ").last?.split(separator: ".").count == 3)
  }

  /// --jobs 1000 on this machine: more than 4 workers per core are not made; the run goes on with a warning.
  @Test func jobsAreBounded() throws {
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["bill", "--jobs", "1000", "--out", "o"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stderr == "warning: --jobs 1000 is more than 4 workers per core (\(cores) cores here): using \(4 * cores)\n")
    let summary = try String(contentsOfFile: dir + "/o/summary.json", encoding: .utf8)
    #expect(summary.contains("\"jobs\": \(4 * cores),"))
  }
}
