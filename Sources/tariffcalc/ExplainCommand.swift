import TariffCalcKit

let explainCommand = Command(
  name: "explain",
  abstract: "One record's story: how it was read, classified and priced, or why not billed.",
  discussion: """
    The record at FILE:LINE (a line number as rejects.csv gives it) is read,
    then followed rule by rule: the peer's prefix (R6), roaming (R7), long
    distance (R8), the zone (R9), the closed group (R10), the time band (R12);
    the tariff line that priced each part, as Tariffs/plans/x.plan:N, marked
    when inherited; its units, the allowance it drew on and what was left of
    it before; the amount. A record not billed gets its reason and the rule.
    The subscriber's month is rated (their lines only), so duplicates and
    allowances are what the bill run makes of them.
    """,
  arguments: [
    Positional(name: "FILE:LINE", help: "the record: a CDR file and a line number"),
    Positional(name: "CDR_FILE", help: "the month's CDR files in the bill run's order, FILE among them (default: every *.csv beside the subscribers file, FILE after them when it is not one)",
               repeating: true),
  ],
  options: [
    Option(name: "--month", value: "YYYY-MM", help: "the billing month (default: that of the CDR files)"),
    .tariffs, .subscribers,
    Option(name: "--json", help: "print the story as one line of JSON (docs/json.md)"),
  ],
  run: { args in
    guard let place = args.positionals.first else { throw UsageError(message: "missing expected argument 'FILE:LINE'") }
    guard let colon = place.lastIndex(of: ":"), let line = Int(place[place.index(after: colon)...]), line > 0,
      colon > place.startIndex
    else { throw UsageError(message: "invalid record '\(place)': FILE:LINE expected, such as SampleCDRs/cdr-2004-10-a.csv:17") }
    var file = String(place[..<colon])
    guard file != "-" else { throw UsageError(message: "explain reads a file, not standard input") }
    let month = try args.month("--month")
    var files = Array(args.positionals.dropFirst())
    let given = !files.isEmpty
    if !given { files = BillRun.cdrFiles(besideSubscribers: args.subscribers) }
    // FILE as the month's list names it (./a.csv and a.csv are one file: not a copy of itself, R24 a).
    if let same = files.first(where: { Inputs.sameFile($0, file) }) {
      file = same
    } else if given {
      throw UsageError(message: "\(file) is not among the CDR files given: give the month's files as the bill run had them, FILE among them")
    } else {
      files.append(file)
    }
    let setup: RunSetup
    do {
      setup = try RunSetup(tariffs: args.tariffs, subscribers: args.subscribers, cdrFiles: files, month: month, asOf: nil)
    } catch let refusal as RunSetup.Refusal {
      throw UsageError(message: refusal.description)
    }
    for warning in setup.warnings { writeError(warning) }
    let story = try Counter.explain(file: file, line: line, month: setup.month, inputs: setup.inputs,
                                    catalog: setup.catalog, book: setup.book)
    print(args.has("--json") ? ExplainJSON.render(story) : ExplainText.render(story, catalog: setup.catalog),
          terminator: "")
    return .success
  })

