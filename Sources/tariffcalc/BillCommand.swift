import TariffCalcKit

let billCommand = Command(
  name: "bill",
  summary: "bill a month of CDR files: bills.jsonl, rejects.csv, summary.json",
  usage: """
    Usage: tariffcalc bill [--month YYYY-MM] [--as-of YYYY-MM-DD] [--out DIR] [--jobs N]
                           [--tariffs DIR] [--subscribers FILE] [CDR_FILE…]

    CDR files default to every other *.csv beside the subscribers file.

    Rates every record of the CDR files and writes into DIR:
      bills.jsonl    one bill per subscriber with a day on a plan in the month
      rejects.csv    every record not billed, with its file, line and reason
      summary.json   counts, rejects by reason, revenue by line code
    Each file is written whole under a temporary name, then renamed.

    With no arguments it bills the bundled sample (SampleCDRs/) into out/.

    Options:
      --month YYYY-MM      the billing month (default: the month of the first record)
      --as-of YYYY-MM-DD   bill up to this day (R23): records before it, fees by day
      --out DIR            output folder (default: out)
      --jobs N             parallel workers (default: the number of cores)
      --chunk-size BYTES   bytes per work unit (default: 4194304)
      --tariffs DIR        tariff folder (default: Tariffs)
      --subscribers FILE   subscribers file (default: SampleCDRs/subscribers.csv)

    Exit codes: 0 done; 2 bad input (a broken tariff or subscribers file, an
    unreadable CDR file, or a CDR file refused for its header: the other files
    are billed and the outputs written); 64 bad usage.
    """,
  run: { words in
    let args = try Arguments(words, options: ["--month", "--as-of", "--out", "--jobs", "--chunk-size"])
    let jobs = try args.positiveInt("--jobs") ?? BillRunOptions.defaultJobs
    let chunk = try args.positiveInt("--chunk-size") ?? 4 << 20
    guard chunk <= BillRunOptions.maxChunkBytes else {
      throw UsageError(message: "invalid value '\(chunk)' for --chunk-size: at most \(BillRunOptions.maxChunkBytes) bytes")
    }
    let clock = ContinuousClock()
    let loading = clock.now
    let setup = try RunSetup(args)
    let loadTime = clock.now - loading
    let options = BillRunOptions(month: setup.month, asOf: setup.asOf, cdrFiles: setup.inputs.names, jobs: jobs,
                                 chunkBytes: chunk, inputs: setup.inputs)
    let summary = try BillRun.run(options, catalog: setup.catalog, book: setup.book,
                                  outputFolder: args["--out"] ?? "out", loadTime: loadTime)
    print(BillRunReport.render(summary), terminator: "")
    let problems = BillRunReport.problems(summary)
    if !problems.isEmpty { writeError(problems) }
    return summary.files.contains { $0.refused != nil } ? .badInput : .success
  })

extension RunSetup {
  /// The run's setup from a command's arguments: bad usage (exit 64) when they cannot make a run.
  init(_ args: Arguments) throws {
    let asOf = try args.day("--as-of")
    let month = try args.month("--month")
    do {
      self = try RunSetup(tariffs: args.tariffs, subscribers: args.subscribers, cdrFiles: args.positionals, month: month,
                          asOf: asOf)
    } catch let refusal as RunSetup.Refusal {
      throw UsageError(message: refusal.description)
    }
    for warning in warnings { writeError(warning) }
  }
}
