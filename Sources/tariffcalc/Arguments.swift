import TariffCalcKit

/// Bad usage of the command line: printed with the command's usage, exit 64. `option` names the option
/// whose value was refused, for the error's `Help:` line.
struct UsageError: Error {
  var message: String
  var option: String? = nil
}

/// A command's arguments after parsing: options by name, flags, positional words.
///
/// Options take a value (`--month 2004-03` or `--month=2004-03`); flags take
/// none (`--json`). Anything after `--` is positional. What is accepted is the command's declaration
/// (``Command/options`` and ``Command/arguments``), the one its help is generated from.
struct Arguments {
  private(set) var values: [String: String] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positionals: [String] = []

  /// Parses `words` against what `command` declares.
  init(_ words: ArraySlice<String>, for command: Command) throws(UsageError) {
    var words = words
    let names = command.options.map(\.name)
    while let word = words.popFirst() {
      if word == "--" {
        positionals += words
        break
      }
      guard word.hasPrefix("--"), word.count > 2 else {
        if word.hasPrefix("-"), word.count > 1, Int(word) == nil {
          throw UsageError(message: "unknown option '\(word)'")
        }
        positionals.append(word)
        continue
      }
      var name = word
      var inline: String? = nil
      if let eq = word.firstIndex(of: "=") {
        name = String(word[..<eq])
        inline = String(word[word.index(after: eq)...])
      }
      guard let option = command.options.first(where: { $0.name == name }) else {
        throw UsageError(message: "unknown option '\(name)'" + Suggestion.didYouMean(name, among: names))
      }
      if option.isFlag {
        guard inline == nil else { throw UsageError(message: "option '\(name)' takes no value", option: name) }
        flags.insert(name)
      } else {
        guard let value = inline ?? words.popFirst() else {
          throw UsageError(message: "option '\(name)' needs a value", option: name)
        }
        if values[name] != nil { throw UsageError(message: "option '\(name)' is given twice", option: name) }
        values[name] = value
      }
    }
    if !command.arguments.contains(where: \.repeating), positionals.count > command.arguments.count {
      throw UsageError(message: "unexpected argument '\(positionals[command.arguments.count])'")
    }
    for option in command.options where option.required && values[option.name] == nil {
      throw UsageError(message: "missing \(option.label)", option: option.name)
    }
  }

  subscript(_ name: String) -> String? { values[name] }

  /// The same arguments with these positional words (a step's CDR files, its name dropped).
  mutating func keepPositionals(_ words: [String]) { positionals = words }

  /// Drops the first positional word (a command's MSISDN), leaving the CDR files.
  mutating func dropFirstPositional() {
    if !positionals.isEmpty { positionals.removeFirst() }
  }

  func has(_ flag: String) -> Bool { flags.contains(flag) }

  /// The tariff folder: `--tariffs` or `Tariffs`.
  var tariffs: String { values["--tariffs"] ?? "Tariffs" }
  /// The subscribers file: `--subscribers` or the sample's.
  var subscribers: String { values["--subscribers"] ?? "SampleCDRs/subscribers.csv" }

  func day(_ name: String) throws(UsageError) -> Day? {
    guard let text = values[name] else { return nil }
    guard let day = Day(text) else {
      throw UsageError(message: "invalid date '\(text)' for \(name): expected YYYY-MM-DD", option: name)
    }
    return day
  }

  func month(_ name: String) throws(UsageError) -> Month? {
    guard let text = values[name] else { return nil }
    guard let month = Month(text) else {
      throw UsageError(message: "invalid month '\(text)' for \(name): expected YYYY-MM", option: name)
    }
    return month
  }

  func positiveInt(_ name: String) throws(UsageError) -> Int? {
    guard let text = values[name] else { return nil }
    guard let n = Int(text), n > 0 else {
      throw UsageError(message: "invalid value '\(text)' for \(name): a whole number above 0 expected", option: name)
    }
    return n
  }

  /// The first positional word as a subscriber's number: its 11 digits and its value.
  func msisdn() throws(UsageError) -> (text: String, number: UInt64) {
    guard let text = positionals.first else { throw UsageError(message: "missing expected argument 'MSISDN'") }
    guard let number = MSISDN.parse(text), text.count == 11 else {
      throw UsageError(message: "invalid MSISDN '\(text)': 11 digits expected")
    }
    return (text, number)
  }
}
