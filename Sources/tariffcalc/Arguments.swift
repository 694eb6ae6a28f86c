import TariffCalcKit

/// Bad usage of the command line: printed with the command's usage, exit 64.
struct UsageError: Error {
  var message: String
}

/// A command's arguments after parsing: options by name, flags, positional words.
///
/// Options take a value (`--month 2004-03` or `--month=2004-03`); flags take
/// none (`--json`). Anything after `--` is positional.
struct Arguments {
  private(set) var values: [String: String] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positionals: [String] = []

  /// Parses `words` against the options and flags a command accepts.
  init(_ words: ArraySlice<String>, options: [String], flags allowedFlags: [String] = []) throws(UsageError) {
    var words = words
    let common = ["--tariffs", "--subscribers"]
    while let word = words.popFirst() {
      if word == "--" {
        positionals += words
        break
      }
      guard word.hasPrefix("--"), word.count > 2 else {
        if word.hasPrefix("-"), word.count > 1 { throw UsageError(message: "unknown option '\(word)'") }
        positionals.append(word)
        continue
      }
      var name = word
      var inline: String? = nil
      if let eq = word.firstIndex(of: "=") {
        name = String(word[..<eq])
        inline = String(word[word.index(after: eq)...])
      }
      if allowedFlags.contains(name) {
        guard inline == nil else { throw UsageError(message: "option '\(name)' takes no value") }
        flags.insert(name)
      } else if options.contains(name) || common.contains(name) {
        guard let value = inline ?? words.popFirst() else { throw UsageError(message: "option '\(name)' needs a value") }
        if values[name] != nil { throw UsageError(message: "option '\(name)' is given twice") }
        values[name] = value
      } else {
        throw UsageError(message: "unknown option '\(name)'"
          + Suggestion.didYouMean(name, among: options + allowedFlags + common))
      }
    }
  }

  subscript(_ name: String) -> String? { values[name] }

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
    guard let day = Day(text) else { throw UsageError(message: "invalid date '\(text)' for \(name): expected YYYY-MM-DD") }
    return day
  }

  func month(_ name: String) throws(UsageError) -> Month? {
    guard let text = values[name] else { return nil }
    guard let month = Month(text) else { throw UsageError(message: "invalid month '\(text)' for \(name): expected YYYY-MM") }
    return month
  }

  func positiveInt(_ name: String) throws(UsageError) -> Int? {
    guard let text = values[name] else { return nil }
    guard let n = Int(text), n > 0 else { throw UsageError(message: "invalid value '\(text)' for \(name): a whole number above 0 expected") }
    return n
  }
}
