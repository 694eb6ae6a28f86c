import Synchronization

/// A rated record kept whole, its fields owned (a ``CDRRecord`` only views the line being read).
struct RatedRecord: Sendable {
  /// Its input (index in the run's inputs) and line number.
  var input: Int
  var line: Int
  /// Input order for ties in time (R20), as the ledger's.
  var order: UInt64
  var isVoice: Bool
  var direction: Direction
  var peer: String
  var day: Day
  var second: Int
  var duration: Int
  var area: UInt64
  var cell: String
  var trace: RatingTrace

  /// When the record starts: day ordinal × 86400 + second, as ``PendingUse/time``.
  var time: Int64 { Int64(day.ordinal) * 86400 + Int64(second) }
}

/// Where a clerk's quote keeps how every rated record of its subscriber was rated (R27), from every
/// worker. The bill run makes none: its workers then only test for it.
final class TraceList: Sendable {
  private let store = Mutex<[RatedRecord]>([])

  init() {}

  /// Rates `r` again into a tracer (adding it nowhere) and keeps its story.
  func keep(_ r: CDRRecord, input: Int, line: Int, order: UInt64, slot: UnsafePointer<MonthSlot>?, rater: Rater) {
    guard case .success(let trace) = rater.explain(r, slot: slot, order: order) else { return }
    let kept = RatedRecord(input: input, line: line, order: order, isVoice: r.isVoice, direction: r.direction,
                           peer: r.peer.text, day: r.day, second: r.second, duration: r.duration, area: r.area,
                           cell: r.cell.text, trace: trace)
    store.withLock { $0.append(kept) }
  }

  /// Every record kept, in R20's time order (start, then input order).
  var records: [RatedRecord] { store.withLock { $0 }.sorted { ($0.time, $0.order) < ($1.time, $1.order) } }
}
