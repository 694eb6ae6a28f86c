import Foundation
import Synchronization
import TariffCalcKit

let billCommand = Command(
  name: "bill",
  abstract: "Bill a month of CDR files: bills.jsonl, rejects.csv, summary.json.",
  discussion: """
    Rates every record of the CDR files and writes into DIR:
      bills.jsonl    one bill per subscriber with a day on a plan in the month
      rejects.csv    every record not billed, with its file, line and reason
      summary.json   counts, rejects by reason, revenue by line code
    Each file is written whole under a temporary name, then renamed.
    With no arguments it bills the bundled sample (SampleCDRs/) into out/.

    Exit codes: 0 done; 2 bad input (a broken tariff or subscribers file, an
    unreadable CDR file, or a CDR file refused for its header: the other files
    are billed and the outputs written); 64 bad usage.
    """,
  arguments: [
    .cdrFiles,
  ],
  options: [
    Option(name: "--month", value: "YYYY-MM", help: "the billing month (default: the month of the records)"),
    Option(name: "--as-of", value: "YYYY-MM-DD", help: "bill up to this day (R23): records before it, fees by day"),
    Option(name: "--out", value: "DIR", help: "output folder (default: out)"),
    Option(name: "--jobs", value: "N", help: "parallel workers (default: the number of cores)"),
    Option(name: "--chunk-size", value: "BYTES", help: "bytes per unit of work (default: 4194304)"),
    .tariffs, .subscribers,
    Option(name: "--json", help: "print the report as JSON: the summary.json written (docs/json.md)"),
    Option(name: "--quiet", help: "no progress line on a terminal"),
  ],
  run: { args in
    var jobs = try args.positiveInt("--jobs") ?? BillRunOptions.defaultJobs
    // More workers than 4 per core only cost memory (a unit of work each): a night job moved to a smaller
    // machine still runs, with a warning.
    let most = 4 * BillRunOptions.defaultJobs
    if jobs > most {
      writeError("Warning: --jobs \(jobs) is more than 4 workers per core (\(BillRunOptions.defaultJobs) cores here): using \(most)")
      jobs = most
    }
    let chunk = try args.positiveInt("--chunk-size") ?? 4 << 20
    guard chunk <= BillRunOptions.maxChunkBytes else {
      throw UsageError(message: "invalid value '\(chunk)' for --chunk-size: at most \(BillRunOptions.maxChunkBytes) bytes",
                       option: "--chunk-size")
    }
    let clock = ContinuousClock()
    let loading = clock.now
    let setup = try RunSetup(args)
    let loadTime = clock.now - loading
    var options = BillRunOptions(month: setup.month, asOf: setup.asOf, cdrFiles: setup.inputs.names, jobs: jobs,
                                 chunkBytes: chunk, inputs: setup.inputs)
    let folder = args["--out"] ?? "out"
    let json = args.has("--json")
    if !json {
      print(BillRunReport.heading(month: setup.month, asOf: setup.asOf, folder: folder), terminator: "")
      fflush(nil)  // every output stream: the heading shows before the run
    }
    let progress = ProgressLine(enabled: !args.has("--quiet") && isatty(2) != 0)
    if progress.enabled { options.progress = { progress.show(BillRunReport.progress($0)) } }
    let summary: BillRunSummary
    do {
      summary = try BillRun.run(options, catalog: setup.catalog, book: setup.book, outputFolder: folder,
                                loadTime: loadTime)
    } catch {
      progress.clear()
      throw error
    }
    progress.clear()
    print(json ? SummaryJSON.render(summary) : BillRunReport.body(summary), terminator: "")
    let problems = BillRunReport.problems(summary)
    if !problems.isEmpty { writeError(problems) }
    return summary.files.contains { $0.refused != nil } ? .badInput : .success
  })

extension RunSetup {
  /// The run's setup from a command's arguments: bad usage (exit 64) when they cannot make a run.
  /// `subscriber`: the run is that subscriber's alone (a quote, an advice): only their rows and their groups' are read.
  init(_ args: Arguments, subscriber: UInt64? = nil) throws {
    let asOf = try args.day("--as-of")
    let month = try args.month("--month")
    do {
      self = try RunSetup(tariffs: args.tariffs, subscribers: args.subscribers, cdrFiles: args.positionals, month: month,
                          asOf: asOf, subscriber: subscriber)
    } catch let refusal as RunSetup.Refusal {
      throw UsageError(message: refusal.description)
    }
    for warning in warnings { writeError(warning) }
  }
}

/// One line on standard error, rewritten in place while a run goes on (a terminal only), at most ten
/// times a second; cleared at the end.
final class ProgressLine: Sendable {
  let enabled: Bool
  private let last = Mutex<(shown: ContinuousClock.Instant?, width: Int)>((nil, 0))

  init(enabled: Bool) { self.enabled = enabled }

  func show(_ text: String) {
    guard enabled else { return }
    last.withLock { state in
      let now = ContinuousClock.now
      if let shown = state.shown, now - shown < .milliseconds(100) { return }
      state.shown = now
      let pad = String(repeating: " ", count: max(0, state.width - text.count))
      state.width = text.count
      FileHandle.standardError.write(Data(("\r" + text + pad).utf8))
    }
  }

  func clear() {
    guard enabled else { return }
    last.withLock { state in
      guard state.width > 0 else { return }
      FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: state.width) + "\r").utf8))
      state.width = 0
    }
  }
}
