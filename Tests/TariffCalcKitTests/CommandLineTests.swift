import Foundation
import Testing
import TariffCalcKit

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
    #expect(r.stderr.hasPrefix("Error: "), "\(arguments): \(r.stderr)")
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
    #expect(r.stderr == "Warning: --jobs 1000 is more than 4 workers per core (\(cores) cores here): using \(4 * cores)\n")
    let summary = try String(contentsOfFile: dir + "/o/summary.json", encoding: .utf8)
    #expect(summary.contains("\"jobs\": \(4 * cores),"))
  }

  /// `help CMD` prints what `CMD --help` prints, in argument-parser's sections.
  @Test func helpOfACommand() throws {
    let help = try Binary.run(["help", "bill"])
    #expect(help.exitCode == 0)
    #expect(help.stdout == (try Binary.run(["bill", "--help"])).stdout)
    #expect(help.stdout.hasPrefix("OVERVIEW: Bill a month of CDR files"))
    for section in ["\nUSAGE: tariffcalc bill [--month YYYY-MM] ", "\nARGUMENTS:\n  CDR_FILE…", "\nOPTIONS:\n",
                    "\n  -h, --help              Show help information.\n"] {
      #expect(help.stdout.contains(section), "\(section)")
    }
    let top = try Binary.run(["--help"])
    #expect(top.stdout.contains("\nSUBCOMMANDS:\n  bill                    Bill a month"))
    #expect(top.stdout.contains("\n  --version               Show the version.\n"))
    #expect(top.stdout.hasSuffix("  See 'tariffcalc help COMMAND' for detailed help.\n"))
  }

  static let commandNames = ["bill", "quote", "explain", "advise", "change", "plans", "verify", "gen", "bench"]

  /// One source of truth: every option in a command's OPTIONS is in its USAGE and is accepted by its
  /// parser (an unknown option would be refused before anything else), and every line of the help fits
  /// in 80 columns.
  @Test(arguments: commandNames)
  func helpMatchesTheParser(command: String) throws {
    let help = try Binary.run([command, "--help"]).stdout
    let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for line in lines { #expect(TextLayout.width(line) <= TextLayout.columns, "\(command): \(line)") }
    let usage = lines.drop { !$0.hasPrefix("USAGE: ") }.prefix { !$0.isEmpty }.joined(separator: " ")
    let options = lines.drop { $0 != "OPTIONS:" }.dropFirst().prefix { !$0.isEmpty }
      .filter { $0.hasPrefix("  --") }.map { $0.prefix(26).split(separator: " ") }  // the 26-column label
    #expect(options.count >= 2)
    let dir = TestSupport.sandbox()
    for words in options {
      let name = String(words[0])
      let takesValue = words.count == 2
      let label = takesValue ? "\(name) \(words[1])" : name
      #expect(usage.contains(label), "\(command): \(label) not in \(usage)")
      var argv = [command, name] + (takesValue ? ["x"] : [])
      if name != "--tariffs" && command != "verify" { argv += ["--tariffs", dir + "/no-tariffs"] }
      let r = try Binary.run(argv, in: dir)
      #expect(!r.stderr.contains("unknown option"), "\(argv): \(r.stderr)")
    }
  }
}

/// Errors of usage as a table, after swift-argument-parser's ErrorMessageTests: the words, the exact
/// standard error and exit 64, nothing on standard output. "Did you mean" takes the known name at edit
/// distance 2 or less.
@Suite struct ErrorMessageTests {
  static let billUsage = "Usage: tariffcalc bill [<options>] [CDR_FILE…]\nSee 'tariffcalc bill --help'.\n"
  static let quoteUsage = """
    Usage: tariffcalc quote MSISDN [<options>] [CDR_FILE…]
           tariffcalc quote --plan ID --usage ITEMS [<options>]
    See 'tariffcalc quote --help'.

    """
  static let changeUsage = """
    Usage: tariffcalc change MSISDN --plan ID [<options>]
           tariffcalc change MSISDN --cancel [<options>]
    See 'tariffcalc change --help'.

    """
  static let plansUsage = "Usage: tariffcalc plans [ID] [--on YYYY-MM-DD] [--tariffs DIR] [--json]\nSee 'tariffcalc plans --help'.\n"
  static let verifyUsage = "Usage: tariffcalc verify GOLDEN ACTUAL [--summary] [--json]\nSee 'tariffcalc verify --help'.\n"
  static let explainUsage = "Usage: tariffcalc explain FILE:LINE [<options>] [CDR_FILE…]\nSee 'tariffcalc explain --help'.\n"
  static let topUsage = "Usage: tariffcalc COMMAND [OPTIONS]\nSee 'tariffcalc --help'.\n"

  @Test(arguments: [
    // Unknown commands and options, with and without a near name.
    (["bil"], "Error: unknown command 'bil'; did you mean 'bill'?\n" + topUsage),
    (["nosuch"], "Error: unknown command 'nosuch'\n" + topUsage),
    (["help", "nosuch"], "Error: unknown command 'nosuch'\n" + topUsage),
    (["verify", "--sumary", "a", "b"], "Error: unknown option '--sumary'; did you mean '--summary'?\n" + verifyUsage),
    (["bill", "--jbos", "2"], "Error: unknown option '--jbos'; did you mean '--jobs'?\n" + billUsage),
    (["bill", "-j", "2"], "Error: unknown option '-j'\n" + billUsage),
    (["plans", "--subscribers", "s.csv"], "Error: unknown option '--subscribers'\n" + plansUsage),
    // Values: missing, given twice, given to a flag.
    (["plans", "--on"], "Error: option '--on' needs a value\nHelp:  --on YYYY-MM-DD  the day (default: today, Beijing time)\n" + plansUsage),
    (["plans", "--json=yes"], "Error: option '--json' takes no value\nHelp:  --json  print the list or the plan's terms as JSON (docs/json.md)\n" + plansUsage),
    (["bill", "--out", "a", "--out", "b"], "Error: option '--out' is given twice\nHelp:  --out DIR  output folder (default: out)\n" + billUsage),
    // Values of the wrong shape.
    (["bill", "--as-of", "2004-13-99"], "Error: invalid date '2004-13-99' for --as-of: expected YYYY-MM-DD\nHelp:  --as-of YYYY-MM-DD  bill up to this day (R23): records before it, fees by\n                           day\n" + billUsage),
    (["bill", "--month=October"], "Error: invalid month 'October' for --month: expected YYYY-MM\nHelp:  --month YYYY-MM  the billing month (default: the month of the records)\n" + billUsage),
    (["bill", "--jobs", "0"], "Error: invalid value '0' for --jobs: a whole number above 0 expected\nHelp:  --jobs N  parallel workers (default: the number of cores)\n" + billUsage),
    // 64 MiB = 67108864 bytes is the largest unit of work.
    (["bill", "--chunk-size", "67108865"], "Error: invalid value '67108865' for --chunk-size: at most 67108864 bytes\nHelp:  --chunk-size BYTES  bytes per unit of work (default: 4194304)\n" + billUsage),
    // Positionals: missing, malformed, one too many.
    (["quote"], "Error: missing expected argument 'MSISDN'\n" + quoteUsage),
    (["quote", "1387100000"], "Error: invalid MSISDN '1387100000': 11 digits expected\n" + quoteUsage),
    (["verify", "a"], "Error: missing expected argument 'ACTUAL'\n" + verifyUsage),
    (["plans", "gotone", "aixin"], "Error: unexpected argument 'aixin'\n" + plansUsage),
    (["change", "13871000004", "13871000005", "--plan", "gotone"], "Error: unexpected argument '13871000005'\n" + changeUsage),
    // Options that go together, or not.
    (["change", "13871000004"], "Error: missing --plan ID (or --cancel)\nHelp:  --plan ID  the new plan\n" + changeUsage),
    (["change", "13871000004", "--cancel", "--plan", "gotone"], "Error: --cancel takes no --plan\nHelp:  --cancel  withdraw a change not yet in effect (under the same R5 freeze)\n" + changeUsage),
    (["quote", "--plan", "gotone"], "Error: a prospect's quote needs both --plan ID and --usage ITEMS\n" + quoteUsage),
    (["quote", "13871000004", "--itemized", "--bills", "out/bills.jsonl"], "Error: --itemized lists a subscriber's records of the CDR files: not with --bills, --plan or --usage\nHelp:  --itemized  the bill and its 详单: every record with what it cost (R27)\n" + quoteUsage),
    (["quote", "13871000004", "--plan", "gotone", "--usage", "mo=1"], "Error: a prospect's quote (--plan, --usage) takes no MSISDN or CDR files: unexpected '13871000004'\n" + quoteUsage),
    (["quote", "13871000004", "--home", "0710"], "Error: --home is a prospect's home area: it goes with --plan and --usage\nHelp:  --home AREA  the prospect's home area (default: 027)\n" + quoteUsage),
    (["explain", "SampleCDRs/cdr-2004-10-a.csv:2", "SampleCDRs/cdr-2004-10-b.csv"], "Error: SampleCDRs/cdr-2004-10-a.csv is not among the CDR files given: give the month's files as the bill run had them, FILE among them\n" + explainUsage),
    (["explain"], "Error: missing expected argument 'FILE:LINE'\n" + explainUsage),
    (["explain", "SampleCDRs/cdr-2004-10-a.csv"], "Error: invalid record 'SampleCDRs/cdr-2004-10-a.csv': FILE:LINE expected, such as SampleCDRs/cdr-2004-10-a.csv:17\n" + explainUsage),
    (["explain", "--", "-:3"], "Error: explain reads a file, not standard input\n" + explainUsage),
    (["gen", "--records", "10"], "Error: missing --out DIR\nHelp:  --out DIR  output folder, made by gen\nUsage: tariffcalc gen [<options>] --out DIR\nSee 'tariffcalc gen --help'.\n"),
  ] as [([String], String)])
  func usageErrors(words: [String], stderr: String) throws {
    let r = try Binary.run(words)
    #expect(r.exitCode == 64, "\(words)")
    #expect(r.stderr == stderr)
    #expect(r.stdout == "")
  }

  /// A plan id the tariffs do not hold is bad input (exit 2), with the nearest id and the list.
  @Test func unknownPlan() throws {
    let r = try Binary.run(["quote", "--plan", "gotnoe", "--usage", "mo=1"])
    #expect(r.exitCode == 2)
    #expect(r.stderr.hasPrefix("Error: unknown plan 'gotnoe'; did you mean 'gotone'?\nknown plans: standard, "))
  }
}
