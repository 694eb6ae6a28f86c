import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a bill run reads and how it works.
public struct BillRunOptions: Sendable {
  public var month: Month
  /// Bill as of this day (R23): records before it, fees apportioned by day.
  public var asOf: Day?
  public var cdrFiles: [String]
  /// Parallel workers (`--jobs`).
  public var jobs: Int
  /// Bytes per work unit: files are cut here, at line boundaries.
  public var chunkBytes: Int
  /// Read only the lines that mention this number (the clerk's quote).
  public var onlySubscriber: UInt64?

  public init(month: Month, asOf: Day? = nil, cdrFiles: [String], jobs: Int = BillRunOptions.defaultJobs,
              chunkBytes: Int = 4 << 20, onlySubscriber: UInt64? = nil) {
    self.month = month
    self.asOf = asOf
    self.cdrFiles = cdrFiles
    self.jobs = max(1, jobs)
    self.chunkBytes = max(1, chunkBytes)
    self.onlySubscriber = onlySubscriber
  }

  /// The machine's active cores.
  public static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// Per-file counts: read = rated + rejected.
public struct FileStats: Sendable, Hashable {
  public var file: String
  public var bytes: Int
  public var read = 0
  public var rated = 0
  public var rejected = 0
  /// Why the whole file was refused, if it was (its lines are all rejected).
  public var refused: String?
  public var warning: String?
}

/// Receives the rejects of a run, in file and line order, one at a time.
public protocol RejectSink: AnyObject, Sendable {
  func write(_ reject: Reject) throws
  /// The same, with its `REASON,record,detail` line of rejects.csv already encoded by a worker.
  func write(_ reject: Reject, encodedTail: [UInt8]) throws
}

extension RejectSink {
  public func write(_ reject: Reject, encodedTail: [UInt8]) throws { try write(reject) }
}

/// Keeps every reject in memory (for tests and the clerk's quote).
public final class RejectList: RejectSink {
  private let store = Mutex<[Reject]>([])
  public init() {}
  public func write(_ reject: Reject) { store.withLock { $0.append(reject) } }
  public var rejects: [Reject] { store.withLock { $0 } }
}

/// A month whose records are all rated: the ledgers merged, ready to bill.
public final class RatedMonth: @unchecked Sendable {
  // Sendable: built once by the run, then only read.
  let ledger: Ledger
  public let files: [FileStats]
  public let rejectedByReason: [RejectReason: Int]
  public var month: Month { ledger.context.month }
  public var asOf: Day? { ledger.context.asOf }
  public var book: SubscriberBook { ledger.context.book }

  init(ledger: Ledger, files: [FileStats], rejectedByReason: [RejectReason: Int]) {
    self.ledger = ledger
    self.files = files
    self.rejectedByReason = rejectedByReason
  }

  public var recordsRead: Int { files.reduce(0) { $0 + $1.read } }
  public var recordsRated: Int { files.reduce(0) { $0 + $1.rated } }
  public var recordsRejected: Int { files.reduce(0) { $0 + $1.rejected } }

  /// The bill of the subscriber at `index` in the book, if they had a day on a plan in the bill's days.
  public func bill(ofIndex index: Int) -> Bill? { BillMaker(ledger: ledger).bill(subscriber: index) }

  /// The bill of a number, if it is a subscriber with a day on a plan in the bill's days.
  public func bill(of number: UInt64) -> Bill? { book.index(of: number).flatMap(bill(ofIndex:)) }
}

/// The nightly bill run: CDR files → rated month → bills (SPEC 3, 4, 6).
public enum BillRun {
  /// Reads and rates every record of the files, in parallel.
  ///
  /// Files are cut into units of `chunkBytes` at line boundaries; workers
  /// take units in turn and rate them into their own ledger; the ledgers are
  /// merged at the end. Rejects reach `rejects` in file and line order,
  /// whatever the number of workers.
  /// - Throws: ``FileError`` when a file cannot be read, or what `rejects` throws.
  public static func rate(
    _ options: BillRunOptions, catalog: TariffCatalog, book: SubscriberBook, rejects sink: RejectSink
  ) throws -> RatedMonth {
    let inputs = try options.cdrFiles.map { path throws(FileError) in try CDRInput(path: path) }
    let context = MonthContext(month: options.month, asOf: options.asOf, catalog: catalog, book: book)
    let units = WorkUnit.cut(inputs, chunkBytes: options.chunkBytes)
    let collector = Mutex(Collector(inputs: inputs))
    let next = Atomic<Int>(0)
    let jobs = min(options.jobs, max(1, units.count))
    let ledgers = Mutex<[Ledger?]>(Array(repeating: nil, count: jobs))
    let filter: [UInt8]? = options.onlySubscriber.map { Array(MSISDN.text($0).utf8) }

    DispatchQueue.concurrentPerform(iterations: jobs) { worker in
      let w = RunWorker(context: context, month: options.month, filter: filter)
      while true {
        let u = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard u < units.count, collector.withLock({ $0.failure == nil }) else { break }
        let outcome: UnitOutcome
        do {
          outcome = try w.process(units[u], input: inputs[units[u].file])
        } catch {
          collector.withLock { $0.failure = $0.failure ?? error }
          break
        }
        collector.withLock { state in
          do { try state.complete(unit: u, outcome, units: units, sink: sink) } catch {
            state.failure = state.failure ?? error
          }
        }
      }
      ledgers.withLock { $0[worker] = w.ledger }
    }

    let (failure, stats, byReason) = collector.withLock { ($0.failure, $0.stats, $0.byReason) }
    if let failure { throw failure }
    let all = ledgers.withLock { $0.compactMap { $0 } }
    let merged = all[0]
    for other in all.dropFirst() { merged.merge(other) }  // integer sums: any order gives the same ledger
    var reasons: [RejectReason: Int] = [:]
    for reason in RejectReason.allCases where byReason[reason.rawValue] > 0 { reasons[reason] = byReason[reason.rawValue] }
    return RatedMonth(ledger: merged, files: stats, rejectedByReason: reasons)
  }

  /// Whether a line is a record of `number`: its subscriber field (column `column`) holds those digits.
  ///
  /// The quote's prefilter: a line with a quote character passes (the parser will read it properly),
  /// a file without a usable header passes nothing.
  /// - Complexity: O(bytes up to the end of the subscriber field).
  @inline(__always)
  static func mentions(_ line: UnsafeRawBufferPointer, column: Int?, number: [UInt8]) -> Bool {
    guard let column else { return false }
    var field = 0
    var start = 0
    for i in 0..<line.count {
      let b = line[i]
      if b == UInt8(ascii: "\"") { return true }
      if b == UInt8(ascii: ",") {
        if field == column { return i - start == number.count && number.elementsEqual(line[start..<i]) }
        field += 1
        start = i + 1
      }
    }
    return field == column && line.count - start == number.count && number.elementsEqual(line[start...])
  }
}

/// A byte range of one file: the lines that start in it.
struct WorkUnit: Sendable {
  var file: Int
  var start: Int
  var end: Int

  /// Every file's data cut every `chunkBytes` bytes, files in order.
  static func cut(_ inputs: [CDRInput], chunkBytes: Int) -> [WorkUnit] {
    var units: [WorkUnit] = []
    for (f, input) in inputs.enumerated() {
      var start = input.dataStart
      while start < input.size {
        let end = start + min(chunkBytes, input.size - start)
        units.append(WorkUnit(file: f, start: start, end: end))
        start = end
      }
    }
    return units
  }
}

/// What one unit produced: its line count, its counts and its rejects (lines relative to the unit).
struct UnitOutcome: Sendable {
  struct PendingReject: Sendable {
    var line: Int
    var reason: RejectReason
    var detail: String
    var record: String
    var subscriber: UInt64?
    /// `REASON,record,detail\n` of rejects.csv, made by the worker, outside the collector's lock.
    var csvTail: [UInt8]
  }

  var lines = 0
  var read = 0
  var rated = 0
  var rejects: [PendingReject] = []

  mutating func reject(line: ChunkLineReader.Line, number: Int, reason: RejectReason, detail: String,
                       subscriber: UInt64? = nil) {
    var record = String(decoding: line.bytes, as: UTF8.self)
    if record.utf8.contains(0) { record = record.replacingNUL() }
    rejects.append(PendingReject(line: number, reason: reason, detail: detail, record: record, subscriber: subscriber,
                                 csvTail: RejectsCSV.tail(reason: reason, record: record, detail: detail)))
  }
}

/// Puts unit outcomes back in input order, numbers their lines, and passes their rejects on.
struct Collector: ~Copyable {
  var pending: [Int: UnitOutcome] = [:]
  var nextUnit = 0
  /// Per file: lines before the next unit to drain (the header is line 1).
  var lineBase: [Int]
  var stats: [FileStats]
  var byReason = [Int](repeating: 0, count: RejectReason.allCases.count)
  var failure: (any Error)?

  init(inputs: [CDRInput]) {
    lineBase = inputs.map { $0.size > 0 ? 1 : 0 }
    stats = inputs.map { FileStats(file: $0.path, bytes: $0.size, refused: $0.refusal, warning: $0.warning) }
  }

  mutating func complete(unit: Int, _ outcome: UnitOutcome, units: [WorkUnit], sink: RejectSink) throws {
    pending[unit] = outcome
    while let o = pending.removeValue(forKey: nextUnit) {
      let f = units[nextUnit].file
      for r in o.rejects {
        let reject = Reject(file: stats[f].file, line: lineBase[f] + r.line, reason: r.reason, detail: r.detail,
                            record: r.record, subscriber: r.subscriber)
        try sink.write(reject, encodedTail: r.csvTail)
        byReason[r.reason.rawValue] += 1
      }
      lineBase[f] += o.lines
      stats[f].read += o.read
      stats[f].rated += o.rated
      stats[f].rejected += o.rejects.count
      nextUnit += 1
    }
  }
}

extension String {
  func replacingNUL() -> String { String(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : Character($0) }) }
}
