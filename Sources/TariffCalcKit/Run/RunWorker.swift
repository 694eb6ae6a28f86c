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
  /// The quote's itemized bill: each rated record's story kept here.
  private let traces: TraceList?
  /// Whether rejects keep their record as text (see ``UnitOutcome/keepsRecords``).
  private let keepsRecords: Bool
  /// A shard's copies by `record_id`, found across the shards (R24 b, R26); `nil`: the run finds them.
  private let recordCopies: RecordCopies?
  /// The lines of the unit with a `record_id`, looked up in `recordCopies`.
  private var withRecordID: [Int] = []
  let reader: LineReader
  private let splitter: CSVSplitter
  private var parsers: [Int: CDRParser] = [:]
  private var state = Slab<LineState>(filler: .skip)
  /// Where each line of the unit's body starts in it, and after the last one, where the body ends.
  private var starts = Slab<Int>(filler: 0)
  private var records = Slab<CDRRecord>(filler: CDRRecord())
  private var problems: [Int: Problem] = [:]
  private var copies: [Int: String] = [:]
  /// The rows of rejects.csv of the unit's rejects, from their reason on (see ``UnitOutcome/csvTails``).
  private var tails = ByteBuffer(capacity: 1 << 16)
  /// The lines of the unit whose records can be duplicates, and their fingerprints.
  private var candidates = Slab<(line: Int, fingerprint: RecordFingerprint)>(filler: (0, RecordFingerprint(high: 0, low: 0)))
  /// The candidates sorted by shard of the index.
  private var bySlot = Slab<(line: Int, fingerprint: RecordFingerprint)>(filler: (0, RecordFingerprint(high: 0, low: 0)))
  private let slots: UnsafeMutablePointer<UnsafePointer<MonthSlot>?>
  static let batch = 64

  init(context: MonthContext, month: Month, filter: [UInt8]?, chunkBytes: Int, traces: TraceList? = nil,
       keepsRecords: Bool = true, recordCopies: RecordCopies? = nil) {
    self.traces = traces
    self.recordCopies = recordCopies
    self.keepsRecords = keepsRecords
    ledger = Ledger(context: context)
    rater = Rater(context: context)
    self.month = month
    self.filter = filter
    // A unit, its last line, and room to skip the rest of a line too long to keep.
    reader = LineReader(maxLineBytes: CDRInput.maxLineBytes, bufferBytes: chunkBytes + CDRInput.maxLineBytes + (1 << 16),
                        leavesBody: true)
    splitter = CSVSplitter(scratchBytes: chunkBytes + CDRInput.maxLineBytes + (1 << 16))
    slots = .allocate(capacity: RunWorker.batch)
  }

  deinit {
    slots.deallocate()
    state.free()
    records.free()
    starts.free()
    candidates.free()
    bySlot.free()
    tails.free()
  }

  /// Takes units from `queue` and works them until none is left; hands each outcome to `done`.
  func work(queue: UnitQueue, inputs: [CDRInput], gate: DuplicateGate, done: (Int, UnitOutcome) throws -> Void) throws {
    while let unit = try queue.take(reader: reader) {
      let input = inputs[unit.input]
      if !unit.alreadyRead, let file = input.file {
        try reader.readUnit(file, start: unit.start, end: unit.end, startsLine: unit.startsLine)
      }
      guard let outcome = try process(unit, input: input, inputs: inputs, gate: gate) else { return }
      try done(unit.index, outcome)
    }
  }

  /// Reads and rates the lines of one unit (already in the reader: its body, then its last line) into the
  /// worker's ledger.
  /// - Returns: the unit's counts and its rejects (with their line numbers), or `nil` when the run failed
  ///   while the unit waited for its turn.
  /// - Throws: ``FileError`` when the run has more lines than the duplicate index can number.
  private func process(_ unit: UnitTicket, input: CDRInput, inputs: [CDRInput], gate: DuplicateGate) throws(FileError) -> UnitOutcome? {
    let body = reader.body
    let tail = reader.unit
    var outcome = UnitOutcome(input: unit.input, bytes: unit.end - unit.start, keepsRecords: keepsRecords)
    // Room for the lines, grown as they are found: the body's are counted as they are read.
    var room = body.count / 48 + tail.count + 16
    self.state.reserve(room)
    self.records.reserve(room)
    self.candidates.reserve(room)
    self.starts.reserve(room)
    problems.removeAll(keepingCapacity: true)
    copies.removeAll(keepingCapacity: true)
    withRecordID.removeAll(keepingCapacity: true)
    // The worker's buffer as a local value (no exclusivity check a reject), put back however the unit ends.
    var tails = self.tails
    tails.count = 0
    defer { self.tails = tails }
    var candidateCount = 0
    splitter.resetScratch()
    let parser = input.header.map { h in
      if let p = parsers[unit.input] { return p }
      let p = CDRParser(header: h, month: month)
      parsers[unit.input] = p
      return p
    }
    // The parser as a value of its own, read in place line after line (binding the optional in the loop
    // copied it whole for every line). A file without a header has its lines refused, unread.
    let reading = parser ?? CDRParser(header: CDRHeader(fieldCount: 0, type: 0, subscriber: 0, direction: 0, peer: 0,
                                                        start: 0, duration: 0, area: 0, cell: 0, recordID: nil),
                                      month: month)
    // The body's lines are read in one pass each, their ends found as their fields are (no quote's filter,
    // no copied file: every line read as a record).
    let onePass = input.header != nil && filter == nil && input.duplicateOf == nil
    let maxLineBytes = reader.maxLineBytes

    // 1. Every line into a record, or why not; the fingerprints of records in the bill's days. The body's
    // lines first (`at`: where the next one starts), then the last line (`t`: the next of `tail`).
    var k = 0
    var bodyCount = -1
    // Counts kept apart from `outcome` (which `readAlone` is handed): plain integers in the loop.
    var read = 0
    var inBill = 0
    do {
      // Local copies of the storage (the same memory): no exclusivity check of the worker's properties per line.
      var state = self.state
      var records = self.records
      var candidates = self.candidates
      var starts = self.starts
      var at = 0
      var t = 0
      while true {
        if k == room {
          room *= 2
          self.state.reserve(room)
          self.records.reserve(room)
          self.candidates.reserve(room)
          self.starts.reserve(room)
          (state, records, candidates, starts) = (self.state, self.records, self.candidates, self.starts)
        }
        let slot = records.pointer(k)
        if at < body.count {
          starts[k] = at
          if onePass, let next = reading.plainLine(body, at: at, maxLineBytes: maxLineBytes, into: &slot.pointee) {
            read &+= 1
            at = next
          } else {
            let lf = body.firstIndex(of: 0x0A, from: at) ?? body.count - 1  // every line of the body ends in LF
            let read = readAlone(reader.bodyLine(from: at, lf: lf), k, into: slot, input: input, reading: reading,
                                 outcome: &outcome)
            at = lf + 1
            guard read else {
              k += 1
              continue
            }
          }
        } else {
          if bodyCount < 0 {
            bodyCount = k
            starts[k] = body.count  // where the body's last line ends, for `line(_:)`
          }
          guard t < tail.count else { break }
          let read = readAlone(tail[t], k, into: slot, input: input, reading: reading, outcome: &outcome)
          t += 1
          guard read else {
            k += 1
            continue
          }
        }
        // A record in its slot (its fields read where used, not copied whole): in the bill's days or not,
        // and its fingerprint. Its record id, when the file has them, is in the splitter's fields still.
        state[k] = .record
        if rater.isInBill(slot.pointee.day) {
          inBill &+= 1
          let recordID = reading.recordID(splitter: splitter)
          if !recordID.isEmpty, recordCopies != nil {
            withRecordID.append(k)
          } else if !recordID.isEmpty {
            candidates[candidateCount] = (k, RecordFingerprint.recordID(recordID))
            candidateCount += 1
          } else if slot.pointee.isVoice {
            let time = Int64(slot.pointee.day.ordinal) * 86400 + Int64(slot.pointee.second)
            candidates[candidateCount] = (k, RecordFingerprint.voice(subscriber: slot.pointee.subscriber,
                                                                     mo: slot.pointee.direction == .mo, peer: slot.pointee.peer,
                                                                     time: time, duration: slot.pointee.duration))
            candidateCount += 1
          }
        } else {
          outcome.outside[slot.pointee.day.month, default: 0] += 1
        }
        k += 1
      }
    }
    let count = k
    outcome.read += read
    outcome.inBill += inBill
    // The storage as step 1 left it, grown or not.
    let state = self.state
    let records = self.records
    let candidates = self.candidates
    let starts = self.starts
    let firstOfTail = bodyCount
    let bodyOffset = reader.bodyOffset
    /// Line `k` of the unit, as the reader would have handed it out.
    func line(_ k: Int) -> Line {
      k < firstOfTail ? reader.bodyLine(from: starts[k], lf: starts[k + 1] - 1) : tail[k - firstOfTail]
    }
    /// The source offset of line `k`'s first byte.
    @inline(__always) func offset(_ k: Int) -> Int {
      k < firstOfTail ? bodyOffset + starts[k] : tail[k - firstOfTail].offset
    }

    // 2. The unit's turns: its line numbers, then, shard by shard, which of its records were seen before
    // (R24 b, c). The fingerprints are sorted by shard first, each shard's in line order.
    guard let (firstLine, firstOrdinal) = gate.number(unit: unit.index, input: unit.input, lines: count) else { return nil }
    guard firstOrdinal + UInt64(count) <= DuplicateIndex.maxOrdinal else {
      throw FileError(file: input.name, line: firstLine + count,
                      message: "more than \(DuplicateIndex.maxOrdinal) lines in one run: bill the month in parts (by subscriber)")
    }
    self.bySlot.reserve(count)
    let bySlot = self.bySlot
    var shardStart = [Int](repeating: 0, count: DuplicateGate.shardCount + 1)
    shardStart.withUnsafeMutableBufferPointer { shardStart in  // one uniqueness check, not one a fingerprint
      for c in 0..<candidateCount { shardStart[DuplicateGate.shard(of: candidates[c].fingerprint) &+ 1] &+= 1 }
    }
    for s in 0..<DuplicateGate.shardCount { shardStart[s + 1] += shardStart[s] }
    var next = shardStart
    next.withUnsafeMutableBufferPointer { next in
      for c in 0..<candidateCount {
        let s = DuplicateGate.shard(of: candidates[c].fingerprint)
        bySlot[next[s]] = candidates[c]
        next[s] &+= 1
      }
    }
    var touched: UInt64 = 0
    let passed = gate.lookUp(unit: unit.index, fingerprints: candidateCount, bytes: unit.end - unit.start) { s, index in
      var from = shardStart[s]
      while from < shardStart[s + 1] {
        let to = min(from + RunWorker.batch, shardStart[s + 1])
        for c in from..<to { touched &+= index.touch(bySlot[c].fingerprint) }
        for c in from..<to {
          let (k, fingerprint) = bySlot[c]
          let ordinal = firstOrdinal + UInt64(k)
          guard let first = index.firstOrdinal(of: fingerprint, ordinal: ordinal) else { continue }
          let place = gate.location(ofOrdinal: first, upTo: unit.input)
          state[k] = .duplicate
          copies[k] = RunWorker.copyDetail(inputs[place.input], line: inputs[place.input].originalLine(place.line))
        }
        from = to
      }
    }
    sink = touched
    guard passed else { return nil }
    if let recordCopies {
      for k in withRecordID {
        guard let first = recordCopies.firstCopy(input: unit.input, line: firstLine + k + 1) else { continue }
        state[k] = .duplicate
        copies[k] = RunWorker.copyDetail(inputs[first.input], line: first.line)
      }
    }

    // 3. Rate in batches, in line order; rejects keep their order.
    var rated = 0
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
        let number = firstLine &+ k &+ 1
        switch state[k] {
        case .skip:
          continue
        case .refused:
          outcome.reject(line: line(k), number: number, reason: .malformed, detail: "file refused: \(input.refusal ?? "no header")", tails: &tails)
        case .copiedFile:
          outcome.reject(line: line(k), number: number, reason: .duplicate,
                         detail: "the file is a copy of \(input.duplicateOf ?? "an earlier file")", tails: &tails)
        case .malformed:
          outcome.reject(line: line(k), number: number, reason: .malformed, detail: problems[k]?.message ?? "", tails: &tails)
        case .duplicate:
          outcome.reject(line: line(k), number: number, reason: .duplicate, detail: copies[k] ?? "",
                         subscriber: records[k].subscriber, tails: &tails)
        case .record:
          let order = UInt64(unit.input) << 48 | UInt64(offset(k))
          if let refusal = rater.rate(at: records.pointer(k), slot: slots[k - from], order: order, into: ledger) {
            outcome.reject(line: line(k), number: number, reason: refusal.reason, detail: refusal.detail,
                           subscriber: records[k].subscriber, notYet: refusal.notYet, tails: &tails)
          } else {
            rated &+= 1
            traces?.keep(records[k], input: unit.input, line: number, order: order, slot: slots[k - from], rater: rater)
          }
        }
      }
      from = to
    }
    outcome.rated += rated
    outcome.lines = count
    if tails.count > 0 { outcome.csvTails = [UInt8](tails.raw) }
    return outcome
  }

  /// Line `k` read on its own (not in one pass with its end): into its record at `slot`, or its state
  /// says why not. Whether a record was read.
  private func readAlone(_ line: Line, _ k: Int, into slot: UnsafeMutablePointer<CDRRecord>, input: CDRInput,
                         reading: CDRParser, outcome: inout UnitOutcome) -> Bool {
    if line.bytes.isEmpty, line.terminated {  // a blank line is not a record
      state[k] = .skip
      return false
    }
    if let filter, !BillRun.mentions(line.bytes, column: input.header?.subscriber, number: filter) {
      state[k] = .skip
      return false
    }
    outcome.read += 1
    if input.duplicateOf != nil {
      state[k] = .copiedFile
      return false
    }
    if input.header == nil {
      state[k] = .refused
      return false
    }
    // The one-pass reading first, written in place (no Result to wrap a record in, no copy), the full
    // path for the rest.
    if !reading.plainRecord(line, into: &slot.pointee) {
      switch reading.parse(line, splitter: splitter, fast: false) {
      case .failure(let problem):
        state[k] = .malformed
        problems[k] = problem
        return false
      case .success(let r):
        slot.pointee = r
      }
    }
    return true
  }

  /// The detail of a `DUPLICATE` reject: where the first copy is, in the files as delivered.
  static func copyDetail(_ input: CDRInput, line: Int) -> String { "a copy of the record at \(input.name):\(line)" }

  /// Where the gate's touches go, so that the loads are not optimised away.
  private var sink: UInt64 = 0
}

/// What step 1 of a unit made of a line.
enum LineState: UInt8 {
  case skip, refused, copiedFile, malformed, record, duplicate
}
