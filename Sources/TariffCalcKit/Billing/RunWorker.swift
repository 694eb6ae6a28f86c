/// One worker of a bill run: its own ledger, reader, splitter and batch storage, used for unit after unit.
///
/// A unit's lines come in batches of up to 64 (all valid at once in the reader's buffer), each in four
/// steps: read every line into a record; find every record's month slot; touch every slot's ledger
/// row; rate the records in line order. Steps 2 and 3 are separate passes of independent loads, so
/// that their cache misses overlap instead of following one another.
final class RunWorker {
  let ledger: Ledger
  private let rater: Rater
  private let month: Month
  /// The quote's prefilter: only lines whose subscriber is this number (ASCII digits).
  private let filter: [UInt8]?
  private let reader = ChunkLineReader()
  private let splitter: CSVSplitter
  private var parsers: [Int: CDRParser] = [:]
  private let records: UnsafeMutablePointer<CDRRecord>
  private let slots: UnsafeMutablePointer<UnsafePointer<MonthSlot>?>
  private let state: UnsafeMutablePointer<LineState>
  private let lineNumber: UnsafeMutablePointer<Int>
  private var problems: [Problem?]

  init(context: MonthContext, month: Month, filter: [UInt8]?) {
    ledger = Ledger(context: context)
    rater = Rater(context: context)
    self.month = month
    self.filter = filter
    splitter = CSVSplitter(maxLineBytes: reader.maxLineBytes)
    let capacity = ChunkLineReader.batchCapacity
    records = .allocate(capacity: capacity)
    slots = .allocate(capacity: capacity)
    state = .allocate(capacity: capacity)
    lineNumber = .allocate(capacity: capacity)
    problems = Array(repeating: nil, count: capacity)
  }

  deinit {
    records.deallocate()
    slots.deallocate()
    state.deallocate()
    lineNumber.deallocate()
  }

  /// Reads and rates the lines of one unit into the worker's ledger.
  /// - Returns: the unit's line count, its counts, and its rejects (lines numbered within the unit).
  func process(_ unit: WorkUnit, input: CDRInput) throws(FileError) -> UnitOutcome {
    var outcome = UnitOutcome()
    let parser = input.header.map { h in
      if let p = parsers[unit.file] { return p }
      let p = CDRParser(header: h, month: month)
      parsers[unit.file] = p
      return p
    }
    try reader.forEachBatch(fd: input.fd, file: input.path, fileSize: input.size, dataStart: input.dataStart,
                            start: unit.start, end: unit.end) { lines in
      // 1. Read every line of the batch into a record, or note why not.
      splitter.resetScratch()
      for k in 0..<lines.count {
        let line = lines[k]
        outcome.lines += 1
        lineNumber[k] = outcome.lines
        if line.bytes.isEmpty, line.terminated {  // a blank line is not a record
          state[k] = .skip
          continue
        }
        if let filter, !BillRun.mentions(line.bytes, column: input.header?.subscriber, number: filter) {
          state[k] = .skip
          continue
        }
        outcome.read += 1
        guard let parser else {
          state[k] = .refused
          continue
        }
        switch parser.parse(line, splitter: splitter) {
        case .failure(let problem):
          state[k] = .malformed
          problems[k] = problem
        case .success(let record):
          state[k] = .record
          records[k] = record
        }
      }
      // 2. Find every subscriber's month slot, then 3. touch their ledger rows.
      for k in 0..<lines.count where state[k] == .record { slots[k] = rater.slot(of: records[k]) }
      var touched: Int64 = 0
      for k in 0..<lines.count where state[k] == .record {
        if let s = slots[k] { touched &+= ledger.touch(subscriber: Int(s.pointee.subscriber)) }
      }
      ledger.touched &+= touched
      // 4. Rate in line order: rejects keep their order.
      for k in 0..<lines.count {
        let line = lines[k]
        switch state[k] {
        case .skip:
          continue
        case .refused:
          outcome.reject(line: line, number: lineNumber[k], reason: .malformed,
                         detail: "file refused: \(input.refusal ?? "no header")")
        case .malformed:
          outcome.reject(line: line, number: lineNumber[k], reason: .malformed, detail: problems[k]?.message ?? "")
        case .record:
          let order = UInt64(unit.file) << 48 | UInt64(line.offset)
          if let refusal = rater.rate(records[k], slot: slots[k], order: order, into: ledger) {
            outcome.reject(line: line, number: lineNumber[k], reason: refusal.reason, detail: refusal.detail,
                           subscriber: records[k].subscriber)
          } else {
            outcome.rated += 1
          }
        }
      }
    }
    return outcome
  }
}

/// What step 1 of a batch made of a line.
enum LineState: UInt8 {
  case skip, refused, malformed, record
}
