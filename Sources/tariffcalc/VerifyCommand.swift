import TariffCalcKit

let verifyCommand = Command(
  name: "verify",
  abstract: "Compare two bills.jsonl: every difference and the revenue moved.",
  discussion: """
    Compares two bills.jsonl files subscriber by subscriber and line by line,
    reading both once, in step (they are sorted by subscriber), in bounded
    memory whatever their size. Prints each difference — subscriber, line
    code, golden amount, actual amount, delta — and subscribers found in one
    file only, then a summary: subscribers compared, equal, different, and the
    revenue delta by line code and in total. When the amounts of a bill agree,
    its other fields (plans, active days, quantities, allowances) are compared.
    A warning goes to standard error when the files bill different months.

    A line that is the same in both files is checked for its text, its
    subscriber and its total being the sum of its lines, and not parsed
    further; lines that differ are parsed and checked whole.

    Exit codes: 0 identical; 1 any difference; 2 a file that cannot be read,
    a line that is not a bill (with file and line), bills out of order.
    """,
  arguments: [
    Positional(name: "GOLDEN", help: "the bills.jsonl held as right"),
    Positional(name: "ACTUAL", help: "the bills.jsonl checked against it"),
  ],
  options: [
    Option(name: "--summary", help: "print the summary only"),
    Option(name: "--json", help: "JSON Lines: each difference, then the summary (docs/json.md)"),
  ],
  run: { args in
    guard args.positionals.count == 2 else {
      throw UsageError(message: "missing expected argument '\(args.positionals.isEmpty ? "GOLDEN" : "ACTUAL")'")
    }
    let summaryOnly = args.has("--summary")
    let json = args.has("--json")
    let summary = try BillsComparison.compare(golden: args.positionals[0], actual: args.positionals[1]) { d in
      if !summaryOnly { print(json ? VerifyJSON.difference(d) : VerifyText.difference(d) + "\n", terminator: "") }
    }
    if let warning = summary.monthWarning { writeError(warning) }
    print(json ? VerifyJSON.summary(summary) : VerifyText.summary(summary), terminator: "")
    return summary.identical ? .success : .differences
  })
