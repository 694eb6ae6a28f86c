/// One worker of a bill run: its own ledger, reader, splitter and per-line storage, used for unit after unit.
///
/// A unit is read whole into the worker's reader, then worked in three stages:
/// 1. every line is read into a record (or found malformed), and the fingerprint of each record that
///    can be a duplicate is made (R24);
/// 2. at the unit's turn (``DuplicateGate``, in input order) its lines get their numbers and its
///    fingerprints are looked up: a record seen before in the run is `DUPLICATE`;
/// 3. the other records are rated, in batches of up to 64: find every record's month slot, touch every
///    slot's ledger row, rate in line order. The lookups of a batch are independent loads, so that their
///    cache misses overlap instead of following one another.
final class RunWorker {
  let ledger: Ledger
  private let rater: Rater
  private let month: Month
  /// The quote's prefilter: only lines whose subscriber is this number (ASCII digits).
  private let filter: [UInt8]?
  let reader: LineReader
  private let splitter: CSVSplitter
  private var parsers: [Int: CDRParser] = [:]
  private var lines: [Line] = []
  private var state = Slab<LineState>(filler: .skip)
  private var records = Slab<CDRRecord>(filler: CDRRecord())
  private var problems: [Int: Problem] = [:]
  private var copies: [Int: String] = [:]
  private var candidates: [(line: Int, fingerprint: RecordFingerprint)] = []
  private let slots: UnsafeMutablePointer<UnsafePointer<MonthSlot>?>
  static let batch = 64

  init(context: MonthContext, month: Month, filter: [UInt8]?, chunkBytes: Int) {
    ledger = Ledger(context: context)
    rater = Rater(context: context)
    self.month = month
    self.filter = filter
    // A unit, its last line, and room to skip the rest of a line too long to keep.
    reader = LineReader(maxLineBytes: CDRInput.maxLineBytes, bufferBytes: chunkBytes + CDRInput.maxLineBytes + (1 << 16))
    splitter = CSVSplitter(scratchBytes: chunkBytes + CDRInput.maxLineBytes + (1 << 16))
    slots = .allocate(capacity: RunWorker.batch)
  }

  deinit {
    slots.deallocate()
    state.free()
    records.free()
  }

  /// Takes units from `queue` and works them until none is left; hands each outcome to `done`.
  func work(queue: UnitQueue, inputs: [CDRInput], gate: DuplicateGate, done: (Int, UnitOutcome) throws -> Void) throws {
    while let unit = try queue.take(reader: reader, lines: &lines) {
      let input = inputs[unit.input]
      if !unit.alreadyRead, let file = input.file {
        try reader.readUnit(file, start: unit.start, end: unit.end, startsLine: unit.startsLine, into: &lines)
      }
      guard let outcome = process(unit, input: input, inputs: inputs, gate: gate) else { return }
      try done(unit.index, outcome)
    }
  }

  /// Reads and rates the lines of one unit (already in `lines`) into the worker's ledger.
  /// - Returns: the unit's counts and its rejects (with their line numbers), or `nil` when the run failed
  ///   while the unit waited for its turn.
  private func process(_ unit: UnitTicket, input: CDRInput, inputs: [CDRInput], gate: DuplicateGate) -> UnitOutcome? {
    var outcome = UnitOutcome(input: unit.input, bytes: unit.end - unit.start)
    let count = lines.count
    state.reserve(count)
    records.reserve(count)
    problems.removeAll(keepingCapacity: true)
    copies.removeAll(keepingCapacity: true)
    candidates.removeAll(keepingCapacity: true)
    splitter.resetScratch()
    let parser = input.header.map { h in
      if let p = parsers[unit.input] { return p }
      let p = CDRParser(header: h, month: month)
      parsers[unit.input] = p
      return p
    }

    // 1. Every line into a record, or why not; the fingerprints of records in the bill's days.
    for k in 0..<count {
      let line = lines[k]
      if line.bytes.isEmpty, line.terminated {  // a blank line is not a record
        state[k] = .skip
        continue
      }
      if let filter, !BillRun.mentions(line.bytes, column: input.header?.subscriber, number: filter) {
        state[k] = .skip
        continue
      }
      outcome.read += 1
      if input.duplicateOf != nil {
        state[k] = .copiedFile
        continue
      }
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
        guard rater.isInBill(record.day) else {
          outcome.outside[record.day.month, default: 0] += 1
          continue
        }
        outcome.inBill += 1
        if !record.recordID.isEmpty {
          candidates.append((k, RecordFingerprint.recordID(record.recordID)))
        } else if record.isVoice {
          let time = Int64(record.day.ordinal) * 86400 + Int64(record.second)
          candidates.append((k, RecordFingerprint.voice(subscriber: record.subscriber, mo: record.direction == .mo,
                                                         peer: record.peer, time: time, duration: record.duration)))
        }
      }
    }

    // 2. The unit's turn: its line numbers, and which of its records were seen before (R24 b, c).
    let taken = gate.take(unit: unit.index, input: unit.input, lines: count) { shared, firstLine, firstOrdinal -> Int in
      var touched: UInt64 = 0
      var from = 0
      while from < candidates.count {
        let to = min(from + RunWorker.batch, candidates.count)
        for c in from..<to { touched &+= shared.index.touch(candidates[c].fingerprint) }
        for c in from..<to {
          let (k, fingerprint) = candidates[c]
          let ordinal = firstOrdinal + UInt64(k)
          guard ordinal <= DuplicateIndex.maxOrdinal,
            let first = shared.index.firstOrdinal(of: fingerprint, ordinal: ordinal)
          else { continue }
          let place = shared.location(ofOrdinal: first)
          state[k] = .duplicate
          copies[k] = "a copy of the record at \(inputs[place.input].name):\(place.line)"
        }
        from = to
      }
      sink = touched
      return firstLine
    }
    guard let firstLine = taken else { return nil }

    // 3. Rate in batches, in line order; rejects keep their order.
    var from = 0
    while from < count {
      let to = min(from + RunWorker.batch, count)
      for k in from..<to where state[k] == .record { slots[k - from] = rater.slot(of: records[k]) }
      var touched: Int64 = 0
      for k in from..<to where state[k] == .record {
        if let s = slots[k - from] { touched &+= ledger.touch(subscriber: Int(s.pointee.subscriber)) }
      }
      ledger.touched &+= touched
      for k in from..<to {
        let line = lines[k]
        let number = firstLine + k + 1
        switch state[k] {
        case .skip:
          continue
        case .refused:
          outcome.reject(line: line, number: number, reason: .malformed, detail: "file refused: \(input.refusal ?? "no header")")
        case .copiedFile:
          outcome.reject(line: line, number: number, reason: .duplicate,
                         detail: "the file is a copy of \(input.duplicateOf ?? "an earlier file")")
        case .malformed:
          outcome.reject(line: line, number: number, reason: .malformed, detail: problems[k]?.message ?? "")
        case .duplicate:
          outcome.reject(line: line, number: number, reason: .duplicate, detail: copies[k] ?? "",
                         subscriber: records[k].subscriber)
        case .record:
          let order = UInt64(unit.input) << 48 | UInt64(line.offset)
          if let refusal = rater.rate(records[k], slot: slots[k - from], order: order, into: ledger) {
            outcome.reject(line: line, number: number, reason: refusal.reason, detail: refusal.detail,
                           subscriber: records[k].subscriber)
          } else {
            outcome.rated += 1
          }
        }
      }
      from = to
    }
    outcome.lines = count
    return outcome
  }

  /// Where the gate's touches go, so that the loads are not optimised away.
  private var sink: UInt64 = 0
}

/// What step 1 of a unit made of a line.
enum LineState: UInt8 {
  case skip, refused, copiedFile, malformed, record, duplicate
}

/// Storage for values indexed from 0, allocated once and grown by doubling, every slot holding a value.
///
/// The per-line storage of a worker: no bounds, uniqueness or copy-on-write check per access.
struct Slab<Element> {
  private var base: UnsafeMutablePointer<Element>
  private var capacity = 0
  private let filler: Element

  init(filler: Element) {
    self.filler = filler
    base = .allocate(capacity: 1)
    base.initialize(to: filler)
    capacity = 1
  }

  /// Makes room for indexes `0..<n`.
  mutating func reserve(_ n: Int) {
    guard n > capacity else { return }
    var grown = capacity
    while grown < n { grown *= 2 }
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: grown)
    bigger.moveInitialize(from: base, count: capacity)
    (bigger + capacity).initialize(repeating: filler, count: grown - capacity)
    base.deallocate()
    base = bigger
    capacity = grown
  }

  /// Frees the storage; the slab is not used after.
  func free() {
    base.deinitialize(count: capacity)
    base.deallocate()
  }

  @inline(__always)
  subscript(i: Int) -> Element {
    get {
      #if TARIFFCALC_CHECKS
        precondition(i >= 0 && i < capacity, "slot \(i) of \(capacity)")
      #endif
      return base[i]
    }
    nonmutating set {
      #if TARIFFCALC_CHECKS
        precondition(i >= 0 && i < capacity, "slot \(i) of \(capacity)")
      #endif
      base[i] = newValue
    }
  }
}
