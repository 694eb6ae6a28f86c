import Dispatch
import Foundation
import Synchronization

extension BillRun {
  /// The output file names of a run (SPEC 6).
  public static let outputNames = (bills: "bills.jsonl", rejects: "rejects.csv", summary: "summary.json")

  /// The whole batch: rates every record, then writes `bills.jsonl`, `rejects.csv` and `summary.json` into `folder`.
  ///
  /// Each output is written under a temporary name and renamed into place
  /// only when complete; on any error none is replaced.
  /// - Parameter loadTime: how long loading the catalog and the book took, for the summary's phases.
  public static func run(
    _ options: BillRunOptions, catalog: TariffCatalog, book: SubscriberBook, outputFolder folder: String,
    loadTime: Duration = .zero
  ) throws -> BillRunSummary {
    let clock = ContinuousClock()
    let started = clock.now
    // Only an output folder of the program's own (an earlier run's), or one without these names, is written.
    try OwnedFolder.claimOutput(folder, writes: [outputNames.bills, outputNames.rejects, outputNames.summary])
    for name in [outputNames.bills, outputNames.rejects, outputNames.summary] {
      AtomicFile.removeStale(beside: "\(folder)/\(name)")
    }
    let rejectsFile = try AtomicFile(path: "\(folder)/\(outputNames.rejects)")
    let billsFile = try AtomicFile(path: "\(folder)/\(outputNames.bills)")
    let summaryFile = try AtomicFile(path: "\(folder)/\(outputNames.summary)")
    try rejectsFile.write(RejectsCSV.header)
    let sink = RejectsFileSink(file: rejectsFile)
    let rated = try rate(options, catalog: catalog, book: book, rejects: sink)
    try sink.flush()
    let rateTime = clock.now - started
    let billsStarted = clock.now
    let (count, totals) = try writeBills(rated, jobs: options.jobs, only: options.billed, to: billsFile)
    var summary = BillRunSummary(
      month: options.month, asOf: options.asOf, files: rated.files, rejectedByReason: rated.rejectedByReason,
      subscribersBilled: count, totalFenByCode: totals, jobs: options.jobs, elapsed: .zero, outputFolder: folder)
    summary.duplicateIndex = rated.duplicateIndex
    summary.phases = [("load", loadTime), ("rate", rateTime), ("bills", clock.now - billsStarted)]
    summary.elapsed = loadTime + (clock.now - started)
    try summaryFile.write(SummaryJSON.render(summary))
    // All three are written and synced before any is renamed: a full disk or a crash before this point
    // leaves the previous outputs as they were; summary.json, renamed last, marks a complete run.
    for file in [billsFile, rejectsFile, summaryFile] { try file.finish() }
    try OwnedFolder.markOutput(folder)
    for file in [billsFile, rejectsFile, summaryFile] { try file.publish() }
    return summary
  }

  /// Makes and renders every bill in subscriber order, in parallel, streaming them to `file`.
  ///
  /// Workers take pieces of subscribers in turn; the worker that finishes the next piece in order
  /// writes it, and any finished after it, while the others go on making bills: the file is written in
  /// order while bills are still being made, and only the pieces ahead of the writer are held in memory.
  /// `only`: the places in the book of the subscribers to bill (a shard's, R26); all by default.
  static func writeBills(_ rated: RatedMonth, jobs: Int, only: Range<Int>? = nil, to file: AtomicFile) throws -> (Int, [LineCode: Int64]) {
    let all = 0..<rated.book.count
    let billed = only?.clamped(to: all) ?? all
    let pieceSize = max(256, min(8192, billed.count / max(1, jobs * 8)))
    let pieces = stride(from: billed.lowerBound, to: billed.upperBound, by: pieceSize).map { $0..<min($0 + pieceSize, billed.upperBound) }
    let next = Atomic<Int>(0)
    let writer = OrderedWriter(file: file, ahead: jobs)
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, pieces.count))) { _ in
      let maker = BillMaker(ledger: rated.ledger)
      var bytes = ByteBuffer(capacity: pieceSize * 512)
      defer { bytes.free() }
      // One bill value for all: its arrays' room is kept from one bill to the next.
      var bill = Bill(subscriber: "", month: rated.month, asOf: nil, plans: [], activeDays: 0, lines: [])
      while true {
        let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard k < pieces.count, !writer.failed else { return }
        bytes.count = 0
        var count = 0
        var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
        for i in pieces[k] {
          guard maker.fill(&bill, subscriber: i) else { continue }
          BillJSON.append(bill, to: &bytes)
          count += 1
          for line in bill.lines { totals[line.code.rawValue] += line.amountFen }
        }
        writer.deliver(piece: k, bytes: &bytes, count: count, totals: totals)
      }
    }
    return try writer.result()
  }
}

