import Dispatch
import Foundation
import Synchronization

/// What a bill run did: the counts of `summary.json` and of the console report.
public struct BillRunSummary: Sendable {
  public var month: Month
  public var asOf: Day?
  public var files: [FileStats]
  public var rejectedByReason: [RejectReason: Int]
  public var subscribersBilled: Int
  public var totalFenByCode: [LineCode: Int64]
  public var jobs: Int
  public var elapsedSeconds: Double
  public var outputFolder: String

  public var recordsRead: Int { files.reduce(0) { $0 + $1.read } }
  public var recordsRated: Int { files.reduce(0) { $0 + $1.rated } }
  public var recordsRejected: Int { files.reduce(0) { $0 + $1.rejected } }
  public var bytesRead: Int { files.reduce(0) { $0 + $1.bytes } }
  public var totalFen: Int64 { totalFenByCode.values.reduce(0, +) }
}

/// Writes rejects to `rejects.csv` as they come (called by one worker at a time, under the run's lock).
final class RejectsFileSink: RejectSink, @unchecked Sendable {
  // Sendable: the run calls `write` under its collector lock only.
  let file: AtomicFile
  private var buffer: [UInt8] = []

  init(file: AtomicFile) { self.file = file }

  func write(_ reject: Reject) throws {
    RejectsCSV.append(reject, to: &buffer)
    if buffer.count > 1 << 16 { try flush() }
  }

  func flush() throws(FileError) {
    try file.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}

extension BillRun {
  /// The output file names of a run (SPEC 6).
  public static let outputNames = (bills: "bills.jsonl", rejects: "rejects.csv", summary: "summary.json")

  /// The whole batch: rates every record, then writes `bills.jsonl`, `rejects.csv` and `summary.json` into `folder`.
  ///
  /// Each output is written under a temporary name and renamed into place
  /// only when complete; on any error none is replaced.
  public static func run(
    _ options: BillRunOptions, catalog: TariffCatalog, book: SubscriberBook, outputFolder folder: String
  ) throws -> BillRunSummary {
    let started = DispatchTime.now()
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw FileError(file: folder, message: "cannot create the output folder")
    }
    let rejectsFile = try AtomicFile(path: "\(folder)/\(outputNames.rejects)")
    let billsFile = try AtomicFile(path: "\(folder)/\(outputNames.bills)")
    let summaryFile = try AtomicFile(path: "\(folder)/\(outputNames.summary)")
    try rejectsFile.write(RejectsCSV.header)
    let sink = RejectsFileSink(file: rejectsFile)
    let rated = try rate(options, catalog: catalog, book: book, rejects: sink)
    try sink.flush()
    let (count, totals) = try writeBills(rated, jobs: options.jobs, to: billsFile)
    var summary = BillRunSummary(
      month: options.month, asOf: options.asOf, files: rated.files, rejectedByReason: rated.rejectedByReason,
      subscribersBilled: count, totalFenByCode: totals, jobs: options.jobs, elapsedSeconds: 0, outputFolder: folder)
    summary.elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    try summaryFile.write(SummaryJSON.render(summary))
    try billsFile.commit()
    try rejectsFile.commit()
    try summaryFile.commit()
    return summary
  }

  /// Makes and renders every bill in subscriber order, in parallel batches, streaming them to `file`.
  static func writeBills(_ rated: RatedMonth, jobs: Int, to file: AtomicFile) throws -> (Int, [LineCode: Int64]) {
    let n = rated.book.count
    let pieceSize = max(256, min(8192, n / max(1, jobs * 8)))
    let pieces = stride(from: 0, to: n, by: pieceSize).map { $0..<min($0 + pieceSize, n) }
    var count = 0
    var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
    let batch = max(1, jobs * 2)
    for first in stride(from: 0, to: pieces.count, by: batch) {
      let these = Array(pieces[first..<min(first + batch, pieces.count)])
      let rendered = Mutex<[(bytes: [UInt8], count: Int, totals: [Int64])?]>(Array(repeating: nil, count: these.count))
      DispatchQueue.concurrentPerform(iterations: these.count) { k in
        var bytes: [UInt8] = []
        var pieceCount = 0
        var pieceTotals = [Int64](repeating: 0, count: LineCode.allCases.count)
        for i in these[k] {
          guard let bill = rated.bill(ofIndex: i) else { continue }
          BillJSON.append(bill, to: &bytes)
          pieceCount += 1
          for line in bill.lines { pieceTotals[line.code.rawValue] += line.amountFen }
        }
        rendered.withLock { $0[k] = (bytes, pieceCount, pieceTotals) }
      }
      for piece in rendered.withLock({ $0 }) {
        guard let piece else { continue }
        try file.write(piece.bytes)
        count += piece.count
        for c in totals.indices { totals[c] += piece.totals[c] }
      }
    }
    var byCode: [LineCode: Int64] = [:]
    for code in LineCode.allCases where totals[code.rawValue] != 0 { byCode[code] = totals[code.rawValue] }
    return (count, byCode)
  }
}
