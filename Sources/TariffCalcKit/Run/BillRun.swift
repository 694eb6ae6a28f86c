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
  /// The inputs already opened (their month guessed from them); otherwise `cdrFiles` are opened by the run.
  public var inputs: RunInputs?

  /// The largest unit of work: each worker holds one whole.
  public static let maxChunkBytes = 64 << 20

  public init(month: Month, asOf: Day? = nil, cdrFiles: [String], jobs: Int = BillRunOptions.defaultJobs,
              chunkBytes: Int = 4 << 20, onlySubscriber: UInt64? = nil, inputs: RunInputs? = nil) {
    self.month = month
    self.asOf = asOf
    self.cdrFiles = inputs?.names ?? cdrFiles
    self.jobs = max(1, jobs)
    self.chunkBytes = min(max(1, chunkBytes), BillRunOptions.maxChunkBytes)
    self.onlySubscriber = onlySubscriber
    self.inputs = inputs
  }

  /// The machine's active cores.
  public static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
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

  /// What the duplicate index of the run (R24) held: its bytes and its fingerprints.
  public let duplicateIndex: (bytes: Int, records: Int)

  init(ledger: Ledger, files: [FileStats], rejectedByReason: [RejectReason: Int], duplicateIndex: (bytes: Int, records: Int)) {
    self.duplicateIndex = duplicateIndex
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
    let opened = try options.inputs ?? RunInputs(options.cdrFiles)
    let inputs = opened.inputs
    let context = MonthContext(month: options.month, asOf: options.asOf, catalog: catalog, book: book)
    let queue = UnitQueue(inputs: inputs, chunkBytes: options.chunkBytes)
    let sizes = inputs.compactMap(\.size)
    let gate = DuplicateGate(lineBase: inputs.map { $0.dataStart > 0 ? 1 : 0 },
                             totalBytes: sizes.count == inputs.count ? sizes.reduce(0, +) : nil)
    let collector = Mutex(Collector(inputs: inputs))
    let ledgers = Mutex<[Ledger?]>(Array(repeating: nil, count: options.jobs))
    let filter: [UInt8]? = options.onlySubscriber.map { Array(MSISDN.text($0).utf8) }

    DispatchQueue.concurrentPerform(iterations: options.jobs) { worker in
      let w = RunWorker(context: context, month: options.month, filter: filter, chunkBytes: options.chunkBytes)
      do {
        try w.work(queue: queue, inputs: inputs, gate: gate) { unit, outcome in
          try collector.withLock { state in try state.complete(unit: unit, outcome, sink: sink) }
        }
      } catch {
        collector.withLock { $0.failure = $0.failure ?? error }
        queue.stop()
        gate.fail()
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
    return RatedMonth(ledger: merged, files: stats.map { refusingOtherMonths($0, options) }, rejectedByReason: reasons,
                      duplicateIndex: gate.indexSize)
  }

  /// R25: a file with records and none of them in the bill's days is refused (its records are already
  /// `OUTSIDE_PERIOD`).
  static func refusingOtherMonths(_ f: FileStats, _ options: BillRunOptions) -> FileStats {
    guard f.refused == nil, f.inBill == 0, let other = f.mostlyIn else { return f }
    var f = f
    if let asOf = options.asOf, other == options.month {
      f.refused = "none of its records is before the as-of day \(asOf) (R25)"
    } else {
      f.refused = "its records are in \(other), not in \(options.month) (R25)"
    }
    return f
  }

  /// Whether a line is a record of `number`: its subscriber field (column `column`) holds those digits.
  ///
  /// The quote's prefilter: a line with a quote character passes (the parser will read it properly),
  /// a file without a usable header passes nothing.
  /// - Complexity: O(bytes up to the end of the subscriber field).
  @inline(__always)
  static func mentions(_ line: ByteView, column: Int?, number: [UInt8]) -> Bool {
    guard let column else { return false }
    var field = 0
    var start = 0
    for i in 0..<line.count {
      let b = line[i]
      if b == UInt8(ascii: "\"") { return true }
      if b == UInt8(ascii: ",") {
        if field == column { return i - start == number.count && number.elementsEqual(line.view(start..<i)) }
        field += 1
        start = i + 1
      }
    }
    return field == column && line.count - start == number.count && number.elementsEqual(line.dropping(first: start))
  }
}

/// What one unit produced: its line count, its counts and its rejects (lines relative to the unit).
struct UnitOutcome: Sendable {
  /// The input the unit is of, and its bytes.
  var input: Int
  var bytes: Int
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
  var inBill = 0
  var outside: [Month: Int] = [:]
  var rejects: [PendingReject] = []

  init(input: Int, bytes: Int) {
    self.input = input
    self.bytes = bytes
  }

  mutating func reject(line: Line, number: Int, reason: RejectReason, detail: String, subscriber: UInt64? = nil) {
    var record = line.bytes.text
    if record.utf8.contains(0) { record = record.replacingNUL() }
    rejects.append(PendingReject(line: number, reason: reason, detail: detail, record: record, subscriber: subscriber,
                                 csvTail: RejectsCSV.tail(reason: reason, record: record, detail: detail)))
  }
}

/// Puts unit outcomes back in input order and passes their rejects on.
struct Collector: ~Copyable {
  var pending: [Int: UnitOutcome] = [:]
  var nextUnit = 0
  var stats: [FileStats]
  var byReason = [Int](repeating: 0, count: RejectReason.allCases.count)
  var failure: (any Error)?
  /// Per input: a stream, whose bytes are counted as they are read.
  let streamed: [Bool]

  init(inputs: [CDRInput]) {
    streamed = inputs.map { $0.stream != nil }
    stats = inputs.map {
      FileStats(file: $0.name, bytes: $0.size ?? $0.dataStart, refused: $0.refusal, warning: $0.warning,
                duplicateOf: $0.duplicateOf)
    }
  }

  mutating func complete(unit: Int, _ outcome: UnitOutcome, sink: RejectSink) throws {
    pending[unit] = outcome
    while let o = pending.removeValue(forKey: nextUnit) {
      let f = o.input
      for r in o.rejects {
        let reject = Reject(file: stats[f].file, line: r.line, reason: r.reason, detail: r.detail, record: r.record,
                            subscriber: r.subscriber)
        try sink.write(reject, encodedTail: r.csvTail)
        byReason[r.reason.rawValue] += 1
      }
      if streamed[f] { stats[f].bytes += o.bytes }
      stats[f].read += o.read
      stats[f].rated += o.rated
      stats[f].rejected += o.rejects.count
      stats[f].inBill += o.inBill
      for (m, n) in o.outside { stats[f].outside[m, default: 0] += n }
      nextUnit += 1
    }
  }
}

extension String {
  func replacingNUL() -> String { String(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : Character($0) }) }
}
