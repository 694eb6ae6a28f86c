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

  /// Errors as a table, after swift-argument-parser's ErrorMessageTests: the words, the exit code, the
  /// exact standard error. "Did you mean" takes the known name at edit distance 2 or less.
  @Test(arguments: [
    (["bil"], 64, "error: unknown command 'bil'; did you mean 'bill'?\nSee 'tariffcalc --help'.\n"),
    (["nosuch"], 64, "error: unknown command 'nosuch'\nSee 'tariffcalc --help'.\n"),
    (["help", "nosuch"], 64, "error: unknown command 'nosuch'\nSee 'tariffcalc --help'.\n"),
    (["verify", "--sumary", "a", "b"], 64, """
      error: unknown option '--sumary'; did you mean '--summary'?
      Usage: tariffcalc verify GOLDEN ACTUAL [--summary] [--json]
      See 'tariffcalc verify --help'.

      """),
    (["plans", "--on"], 64, """
      error: option '--on' needs a value
      Usage: tariffcalc plans [ID] [--on DATE] [--json] [--tariffs DIR]
      See 'tariffcalc plans --help'.

      """),
  ] as [([String], Int32, String)])
  func errorMessages(words: [String], exitCode: Int32, stderr: String) throws {
    let r = try Binary.run(words)
    #expect(r.exitCode == exitCode)
    #expect(r.stderr == stderr)
    #expect(r.stdout == "")
  }

  /// `help CMD` prints what `CMD --help` prints.
  @Test func helpOfACommand() throws {
    let help = try Binary.run(["help", "bill"])
    #expect(help.exitCode == 0)
    #expect(help.stdout == (try Binary.run(["bill", "--help"])).stdout)
    #expect(help.stdout.hasPrefix("Usage: tariffcalc bill "))
  }
}
