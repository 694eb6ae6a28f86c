import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
    let totalBytes = sizes.count == inputs.count ? sizes.reduce(0, +) : nil
    let gate = DuplicateGate(lineBase: inputs.map { $0.dataStart > 0 ? 1 : 0 }, totalBytes: totalBytes)
    let started = ContinuousClock.now
    // What the units cover: each input less its header line.
    let dataBytes = totalBytes.map { $0 - inputs.reduce(0) { $0 + $1.dataStart } }
    let collector = Mutex(Collector(inputs: inputs))
    let ledgers = Mutex<[Ledger?]>(Array(repeating: nil, count: options.jobs))
    let failure = FirstError()
    let filter: [UInt8]? = options.onlySubscriber.map { Array(MSISDN.text($0).utf8) }

    DispatchQueue.concurrentPerform(iterations: options.jobs) { worker in
      let w = RunWorker(context: context, month: options.month, filter: filter, chunkBytes: options.chunkBytes,
                        traces: options.traces, keepsRecords: sink.keepsRecords, recordCopies: options.recordCopies)
      do {
        try w.work(queue: queue, inputs: inputs, gate: gate) { unit, outcome in
          try collector.withLock { state in
            try state.complete(unit: unit, outcome, sink: sink)
            // Under the lock: one call at a time, each with more done than the one before.
            options.progress?(RunProgress(bytesDone: state.bytesDone, bytesTotal: dataBytes, records: state.recordsDone,
                                          elapsed: ContinuousClock.now - started))
          }
        }
      } catch {
        failure.record(error)
        queue.stop()
        gate.fail()
      }
      ledgers.withLock { $0[worker] = w.ledger }
    }

    try failure.check()
    let (stats, byReason) = collector.withLock { ($0.stats, $0.byReason) }
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

