import TariffCalcKit

/// A positional argument of a command, as its usage line and help show it.
struct Positional: Sendable {
  var name: String
  var help: String
  var optional = false
  /// Any number of them, zero included (`[CDR_FILE…]`).
  var repeating = false

  var synopsis: String { repeating ? "[\(name)…]" : optional ? "[\(name)]" : name }

  static let msisdn = Positional(name: "MSISDN", help: "the subscriber's 11-digit number")
  static let cdrFiles = Positional(name: "CDR_FILE", help: "CDR files, plain or .gz (default: every other *.csv beside the subscribers file)",
                                   repeating: true)
  var label: String { repeating ? "\(name)…" : name }
}

/// An option of a command: `--name VALUE`, or a flag when `value` is nil.
struct Option: Sendable {
  var name: String
  var value: String?
  var help: String
  /// The parser refuses a run without it.
  var required = false

  var isFlag: Bool { value == nil }
  var label: String { value.map { "\(name) \($0)" } ?? name }
  var synopsis: String { required ? label : "[\(label)]" }

  /// The options every command that reads the tariffs or the subscribers takes.
  static let tariffs = Option(name: "--tariffs", value: "DIR", help: "tariff folder (default: Tariffs)")
  static let subscribers = Option(name: "--subscribers", value: "FILE",
                                  help: "subscribers file (default: SampleCDRs/subscribers.csv)")
  static let json = Option(name: "--json", help: "print the result as JSON (docs/json.md)")
}

/// A subcommand, declared once: the parser reads its options and positionals, and its help and usage
/// lines are generated from the same declaration.
struct Command: Sendable {
  var name: String
  /// One line: the OVERVIEW of its help and its row in the top-level SUBCOMMANDS.
  var abstract: String
  /// Paragraphs after the overview (wrapped as written).
  var discussion: String = ""
  var arguments: [Positional] = []
  var options: [Option]
  /// The usage lines when the command has more than one form, each the words after `tariffcalc NAME`;
  /// by default one form: the positionals, then the options, then a repeating positional.
  var forms: [String]? = nil
  var run: @Sendable (Arguments) throws -> ExitCode

  /// The usage forms, each as its items (`MSISDN`, `[--month YYYY-MM]`, …).
  var usageForms: [[String]] {
    if let forms {
      return forms.map { form in
        // `[--month]` in a form stands for `[--month YYYY-MM]`, `--plan` for `--plan ID`.
        form.split(separator: " ").map { word in
          let bare = String(word.filter { $0 != "[" && $0 != "]" })
          if bare.hasPrefix("--"), let option = options.first(where: { $0.name == bare }) {
            return word.hasPrefix("[") ? "[\(option.label)]" : option.label
          }
          return String(word)
        }
      }
    }
    let single = arguments.filter { !$0.repeating }.map(\.synopsis)
    let repeating = arguments.filter(\.repeating).map(\.synopsis)
    return [single + options.map(\.synopsis) + repeating]
  }

  /// The usage lines, each wrapped at 80 columns under `prefix`, continuation lines under the first item.
  func usage(prefix: String) -> [String] {
    usageForms.enumerated().flatMap { i, items in
      let first = i == 0 ? prefix : String(repeating: " ", count: prefix.count)
      return TextLayout.wrap(items: ["tariffcalc", name] + items, separator: " ", first: first,
                             rest: String(repeating: " ", count: prefix.count + "tariffcalc \(name) ".count))
    }
  }

  /// The usage of an error message: each form on one line, its options condensed to `[<options>]` when
  /// the whole form does not fit in 80 columns (required options and positionals stay).
  var shortUsage: [String] {
    usageForms.enumerated().map { i, items in
      let first = i == 0 ? "Usage: " : "       "
      let whole = first + (["tariffcalc", name] + items).joined(separator: " ")
      if TextLayout.width(whole) <= TextLayout.columns { return whole }
      var kept: [String] = []
      for item in items {
        if !item.hasPrefix("[--") { kept.append(item) } else if !kept.contains("[<options>]") { kept.append("[<options>]") }
      }
      return first + (["tariffcalc", name] + kept).joined(separator: " ")
    }
  }

  /// `CMD --help` and `help CMD`.
  var help: String {
    var out = HelpText()
    out.paragraph("OVERVIEW: " + abstract)
    if !discussion.isEmpty {
      out.lines += discussion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      out.lines.append("")
    }
    out.lines += usage(prefix: "USAGE: ")
    out.lines.append("")
    if !arguments.isEmpty {
      out.section("ARGUMENTS:", arguments.map { ($0.label, $0.help) })
    }
    out.section("OPTIONS:", options.map { ($0.label, $0.help) } + [("-h, --help", "Show help information.")])
    return out.text
  }
}

/// Help text in argument-parser's shape: sections of labels in a 26-column gutter, help beside them.
struct HelpText {
  var lines: [String] = []
  static let gutter = 26

  mutating func paragraph(_ text: String) {
    lines += TextLayout.wrap(items: text.split(separator: " ").map(String.init), separator: " ")
    lines.append("")
  }

  mutating func section(_ title: String, _ rows: [(label: String, help: String)]) {
    lines.append(title)
    let pad = String(repeating: " ", count: Self.gutter)
    for row in rows {
      let label = "  " + row.label
      let words = row.help.split(separator: " ").map(String.init)
      if label.count + 2 > Self.gutter {
        lines.append(label)
        lines += TextLayout.wrap(items: words, separator: " ", first: pad)
      } else {
        lines += TextLayout.wrap(items: words, separator: " ", first: TextLayout.padRight(label, Self.gutter), rest: pad)
      }
    }
    lines.append("")
  }

  var text: String {
    var lines = lines
    while lines.last == "" { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}

/// The top-level help: `tariffcalc`, `tariffcalc --help`, `tariffcalc help`.
func overview(_ commands: [Command]) -> String {
  var out = HelpText()
  out.paragraph("OVERVIEW: tariffcalc — billing and tariff calculator for legacy mobile plans")
  out.lines += ["The commands that read tariffs or subscribers default to the bundled sample",
                "(Tariffs/ and SampleCDRs/subscribers.csv) when run from the repository.", ""]
  out.lines += ["USAGE: tariffcalc COMMAND [OPTIONS]", ""]
  out.section("OPTIONS:", [("--version", "Show the version."), ("-h, --help", "Show help information.")])
  out.section("SUBCOMMANDS:", commands.map { ($0.name, $0.abstract) })
  out.lines.append("  See 'tariffcalc help COMMAND' for detailed help.")
  return out.text
}
