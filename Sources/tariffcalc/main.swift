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

/// Every subcommand, in the order the top-level help lists them.
let commands: [Command] = [
  billCommand, shardCommand, quoteCommand, explainCommand, adviseCommand, changeCommand, plansCommand, verifyCommand,
  genCommand, benchCommand,
]

/// The version `tariffcalc --version` prints.
let tariffcalcVersion = "0.12.0"

func writeError(_ text: String) {
  FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// An unknown command: the nearest one suggested, and where the list of commands is (exit 64).
func unknownCommand(_ name: String) -> Int32 {
  writeError("Error: unknown command '\(name)'" + Suggestion.didYouMean(name, among: commands.map(\.name))
    + "\nUsage: tariffcalc COMMAND [OPTIONS]\nSee 'tariffcalc --help'.")
  return ExitCode.usage.rawValue
}

/// A plan id the tariffs do not hold: the nearest one suggested, and the list (exit 2: the tariffs decide).
func unknownPlan(_ id: String, _ catalog: TariffCatalog) -> ExitCode {
  let ids = catalog.plans.map(\.id)
  writeError("Error: unknown plan '\(id)'" + Suggestion.didYouMean(id, among: ids)
    + "\nknown plans: \(ids.joined(separator: ", "))")
  return .badInput
}

/// Bad usage, in argument-parser's shape: the error; the refused option with its help; the command's
/// usage, one line a form; and where its help is. Not the whole help, which would scroll the error away.
func usageMessage(_ error: UsageError, command: Command) -> String {
  var lines = ["Error: " + error.message]
  if let name = error.option, let option = command.options.first(where: { $0.name == name }) {
    lines += TextLayout.wrap(items: option.help.split(separator: " ").map(String.init), separator: " ",
                             first: "Help:  \(option.label)  ")
  }
  lines += command.shortUsage
  lines.append("See 'tariffcalc \(command.name) --help'.")
  return lines.joined(separator: "\n")
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
    print(command.help)
    return ExitCode.success.rawValue
  }
  guard let name = args.first, !["-h", "--help", "help"].contains(name) else {
    print(overview(commands))
    return args.isEmpty ? ExitCode.usage.rawValue : ExitCode.success.rawValue
  }
  guard let command = commands.first(where: { $0.name == name }) else { return unknownCommand(name) }
  let rest = args.dropFirst()
  if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
    print(command.help)
    return ExitCode.success.rawValue
  }
  do {
    return try command.run(try Arguments(rest, for: command)).rawValue
  } catch let error as UsageError {
    writeError(usageMessage(error, command: command))
    return ExitCode.usage.rawValue
  } catch let error as InputError {
    writeError(error.description)
    return ExitCode.badInput.rawValue
  } catch let error as FileError {
    writeError(error.description)
    return ExitCode.badInput.rawValue
  } catch let problem as Problem {
    writeError("Error: \(problem.message)")
    return ExitCode.badInput.rawValue
  } catch {
    writeError("Error: \(error)")
    return ExitCode.badInput.rawValue
  }
}

exit(runMain(CommandLine.arguments))
