import Foundation
import TariffCalcKit

/// The exit codes of SPEC 7.
enum ExitCode: Int32 {
  case success = 0
  /// A check found differences (`verify`).
  case differences = 1
  /// Bad input or a refused request.
  case badInput = 2
  /// Bad usage of the command line.
  case usage = 64
}

/// A subcommand: its name, one line of summary, its usage text and its body.
struct Command: Sendable {
  var name: String
  var summary: String
  var usage: String
  var run: @Sendable (ArraySlice<String>) throws -> ExitCode
}

let commands: [Command] = [
  billCommand, quoteCommand, adviseCommand, changeCommand, plansCommand, verifyCommand, genCommand, benchCommand,
]

let overview = """
  tariffcalc — billing and tariff calculator for legacy mobile plans

  Usage: tariffcalc COMMAND [OPTIONS]

  Commands:
  \(commands.map { "  \($0.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))

  Options of every command (defaults: the bundled sample):
    --tariffs DIR          tariff folder (Tariffs)
    --subscribers FILE     subscribers file (SampleCDRs/subscribers.csv)

  Run 'tariffcalc COMMAND --help' for a command's options.
  """

/// The version `tariffcalc --version` prints.
let tariffcalcVersion = "0.12.0"

func writeError(_ text: String) {
  FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// An unknown command: the nearest one suggested, and where the list of commands is (exit 64).
func unknownCommand(_ name: String) -> Int32 {
  writeError("error: unknown command '\(name)'" + Suggestion.didYouMean(name, among: commands.map(\.name))
    + "\nSee 'tariffcalc --help'.")
  return ExitCode.usage.rawValue
}

/// Runs the command line and returns the process exit code.
@MainActor func runMain(_ argv: [String]) -> Int32 {
  let args = argv.dropFirst()
  if args.first == "--version" {
    print("tariffcalc \(tariffcalcVersion)")
    return ExitCode.success.rawValue
  }
  if args.first == "help", let name = args.dropFirst().first {
    // `tariffcalc help CMD`: the command's help, as `CMD --help` prints it.
    guard let command = commands.first(where: { $0.name == name }) else { return unknownCommand(name) }
    print(command.usage)
    return ExitCode.success.rawValue
  }
  guard let name = args.first, !["-h", "--help", "help"].contains(name) else {
    print(overview)
    return args.isEmpty ? ExitCode.usage.rawValue : ExitCode.success.rawValue
  }
  guard let command = commands.first(where: { $0.name == name }) else { return unknownCommand(name) }
  let rest = args.dropFirst()
  if rest.contains("--help") || rest.contains("-h") {
    print(command.usage)
    return ExitCode.success.rawValue
  }
  do {
    return try command.run(rest).rawValue
  } catch let error as UsageError {
    // The error, the command's usage line, and where its help is: not the whole help, which would
    // scroll the error away.
    let usage = command.usage.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
    writeError("error: \(error.message)\n\(usage.joined(separator: "\n"))\nSee 'tariffcalc \(command.name) --help'.")
    return ExitCode.usage.rawValue
  } catch let error as InputError {
    writeError(error.description)
    return ExitCode.badInput.rawValue
  } catch let error as FileError {
    writeError(error.description)
    return ExitCode.badInput.rawValue
  } catch let problem as Problem {
    writeError("error: \(problem.message)")
    return ExitCode.badInput.rawValue
  } catch {
    writeError("error: \(error)")
    return ExitCode.badInput.rawValue
  }
}

exit(runMain(CommandLine.arguments))
