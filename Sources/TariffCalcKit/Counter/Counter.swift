#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// What the clerk at the counter asks of the month: one subscriber's bill, a prospect's quote, advice.
public enum Counter {
  /// One subscriber's bill computed from the CDR files, and their records that are not billed.
  public struct Quote: Sendable {
    public var bill: Bill?
    /// The subscriber's records not billed (with file and line).
    public var rejects: [Reject]
    public var month: Month
    public var asOf: Day?
    public var files: [String]
  }

  /// Rates the CDR files for one subscriber alone (lines that are not theirs are skipped before parsing)
  /// and makes their bill.
  public static func quote(
    _ number: UInt64, month: Month, asOf: Day?, files: [String], catalog: TariffCatalog, book: SubscriberBook,
    jobs: Int = BillRunOptions.defaultJobs
  ) throws -> Quote {
    let sink = RejectList()
    let small = book.index(of: number).map { book.around($0).book } ?? book
    let options = BillRunOptions(month: month, asOf: asOf, cdrFiles: files, jobs: jobs, onlySubscriber: number)
    let rated = try BillRun.rate(options, catalog: catalog, book: small, rejects: sink)
    return Quote(bill: rated.bill(of: number), rejects: sink.rejects.filter { $0.subscriber == number }, month: month,
                 asOf: asOf, files: files)
  }

  /// The day a month-to-date quote is as of when none is given: today's day of the month, in the data's month.
  ///
  /// The counter answers “how much up to yesterday” (实时缴费): on the 21st of a month, as of the 21st.
  /// A day past the month's end (the 31st asked of a 30-day month) is the day after its last day.
  public static func defaultAsOf(in month: Month, today: Day = Day.today()) -> Day {
    let d = today.dayOfMonth
    return d > month.dayCount ? month.lastDay.advanced(by: 1) : Day(year: month.year, month: month.month, day: d)!
  }

  /// Copies the records of `number` in `files` into a folder, one file per input with its header.
  ///
  /// A subscriber's month is small; re-rating it on every plan (`advise`) then reads these few lines,
  /// not the whole month again. The files are read in parallel, cut in units as a bill run cuts them.
  public static func extract(_ number: UInt64, from files: [String], into folder: String,
                             jobs: Int = BillRunOptions.defaultJobs) throws -> [String] {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let needle = Array(MSISDN.text(number).utf8)
    let inputs = try files.map { path throws(FileError) in try CDRInput(path: path) }
    let units = WorkUnit.cut(inputs, chunkBytes: 4 << 20)
    let found = Mutex<[[UInt8]]>(Array(repeating: [], count: units.count))
    let failure = ErrorBox()
    DispatchQueue.concurrentPerform(iterations: min(max(1, jobs), max(1, units.count))) { worker in
      let reader = ChunkLineReader()
      var u = worker
      while u < units.count {
        let unit = units[u]
        let input = inputs[unit.file]
        var bytes: [UInt8] = []
        do {
          try reader.forEachLine(fd: input.fd, file: input.path, fileSize: input.size, dataStart: input.dataStart,
                                 start: unit.start, end: unit.end) { line in
            guard BillRun.mentions(line.bytes, column: input.header?.subscriber, number: needle) else { return }
            bytes += line.bytes
            if line.terminated { bytes.append(0x0A) }
          }
        } catch {
          failure.set(error)
        }
        let mine = bytes
        found.withLock { $0[u] = mine }
        u += max(1, jobs)
      }
    }
    if let error = failure.error { throw error }
    let pieces = found.withLock { $0 }
    var out: [String] = []
    for (i, input) in inputs.enumerated() {
      var bytes: [UInt8] = []
      let head = min(input.dataStart, input.size)
      if head > 0 {
        var header = [UInt8](repeating: 0, count: head)
        _ = header.withUnsafeMutableBytes { pread(input.fd, $0.baseAddress, head, 0) }
        bytes += header
        if bytes.last != 0x0A { bytes.append(0x0A) }
      }
      for (u, unit) in units.enumerated() where unit.file == i { bytes += pieces[u] }
      let target = "\(folder)/\(i)-\((input.path as NSString).lastPathComponent)"
      let file = try AtomicFile(path: target)
      try file.write(bytes)
      try file.commit()
      out.append(target)
    }
    return out
  }
}
