/// What one unit produced: its line count, its counts and its rejects (lines relative to the unit).
struct UnitOutcome: Sendable {
  /// The input the unit is of, and its bytes.
  var input: Int
  var bytes: Int
  /// A reject of the unit, in plain values (nothing reference counted: a run can have hundreds of
  /// thousands); its texts, when the sink keeps them, in ``texts``.
  struct PendingReject: Sendable {
    var line: Int
    var reason: RejectReason
    var subscriber: UInt64?
    var notYet: Bool
    /// Where its `REASON,record,detail\n` of rejects.csv (made by the worker, outside the collector's lock)
    /// ends in the unit's `csvTails`; it starts where the reject before's ends.
    var tailEnd: Int
  }

  var lines = 0
  var read = 0
  var rated = 0
  var inBill = 0
  var outside: [Month: Int] = [:]
  var rejects: [PendingReject] = []
  /// Each reject's detail and record as text, in the order of ``rejects``, when ``keepsRecords``.
  var texts: [(detail: String, record: String)] = []
  /// The rejects' encoded tails, one after the other (one buffer a unit, not one array a reject).
  var csvTails: [UInt8] = []
  /// Whether the rejects keep their record and detail as text (a list in memory does; rejects.csv needs
  /// only their encoded line).
  let keepsRecords: Bool

  init(input: Int, bytes: Int, keepsRecords: Bool = true) {
    self.input = input
    self.bytes = bytes
    self.keepsRecords = keepsRecords
  }

  /// Adds the reject of line `number`: its row's tail of rejects.csv encoded at the end of `tails` (the
  /// worker's buffer, whose bytes become ``csvTails`` when the unit is done).
  mutating func reject(line: Line, number: Int, reason: RejectReason, detail: String, subscriber: UInt64? = nil,
                       notYet: Bool = false, tails: inout ByteBuffer) {
    let bytes = line.bytes
    if !bytes.containsNUL, bytes.isValidUTF8 {
      // A clean line: encoded from its bytes, its text made only when it is kept.
      bytes.withUnsafeRawBuffer { RejectsCSV.tail(reason: reason, record: $0, detail: detail, to: &tails) }
      if keepsRecords { texts.append((detail, bytes.text)) }
    } else {
      var record = bytes.text  // invalid UTF-8 repaired
      if record.utf8.contains(0) { record = record.replacingNUL() }
      RejectsCSV.tail(reason: reason, record: record, detail: detail, to: &tails)
      if keepsRecords { texts.append((detail, record)) }
    }
    rejects.append(PendingReject(line: number, reason: reason, subscriber: subscriber, notYet: notYet, tailEnd: tails.count))
  }
}

/// Puts unit outcomes back in input order and passes their rejects on.
struct Collector: ~Copyable {
  var units = InOrder<UnitOutcome>()
  var stats: [FileStats]
  var byReason = [Int](repeating: 0, count: RejectReason.allCases.count)
  /// Bytes and records of the units completed, in any order (for progress).
  var bytesDone = 0
  var recordsDone = 0
  /// Per input: a stream, whose bytes are counted as they are read.
  let streamed: [Bool]
  /// The inputs, whose lines rejects name as delivered (a shard's part of a file, R26).
  let inputs: [CDRInput]

  init(inputs: [CDRInput]) {
    streamed = inputs.map { $0.stream != nil }
    self.inputs = inputs
    stats = inputs.map {
      FileStats(file: $0.name, bytes: $0.size ?? $0.dataStart, refused: $0.refusal, warning: $0.warning,
                duplicateOf: $0.duplicateOf)
    }
  }

  mutating func complete(unit: Int, _ outcome: UnitOutcome, sink: RejectSink) throws {
    bytesDone += outcome.bytes
    recordsDone += outcome.read
    try units.add(unit, outcome) { o in
      let f = o.input
      try o.csvTails.withUnsafeBytes { tails in
        var tailStart = 0
        for (k, r) in o.rejects.enumerated() {
          let (detail, record) = o.keepsRecords ? o.texts[k] : ("", "")
          var reject = Reject(file: stats[f].file, line: inputs[f].originalLine(r.line), reason: r.reason, detail: detail,
                              record: record, subscriber: r.subscriber)
          reject.notYet = r.notYet
          try sink.write(reject, input: f, encodedTail: UnsafeRawBufferPointer(rebasing: tails[tailStart..<r.tailEnd]))
          tailStart = r.tailEnd
          byReason[r.reason.rawValue] += 1
        }
      }
      if streamed[f] { stats[f].bytes += o.bytes }
      stats[f].read += o.read
      stats[f].rated += o.rated
      stats[f].rejected += o.rejects.count
      stats[f].inBill += o.inBill
      for (m, n) in o.outside { stats[f].outside[m, default: 0] += n }
    }
  }
}

extension String {
  func replacingNUL() -> String { String(unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : Character($0) }) }
}
