/// One worker's running totals for the month: per subscriber and usage line, the money and the quantity.
///
/// A subscriber's row is half a 64-byte cache line: li of the four usage lines,
/// then their quantities, in 32 bits each (a worker holds one row per subscriber:
/// millions). Rows live in memory allocated and aligned once, so that adding a
/// record is two additions into one line, with no hashing, no bounds or
/// copy-on-write checks. What would not fit in 32 bits (2,147,483 yuan on one
/// line, or 2^31 minutes) goes whole to a side table, `excess`, read back with
/// the cell. Workers each fill their own ledger; the ledgers are then merged
/// (sums of integers: the same whatever the order).
/// - Complexity: memory O(subscribers + allowance slots + queued uses), not O(records).
final class Ledger: @unchecked Sendable {
  // Sendable: a ledger is written by one worker only, and handed over (to be merged or read) once that
  // worker is done.
  let context: MonthContext
  /// 8 Int32 per subscriber: li of the usage lines at 0..<4, their quantities at 4..<8.
  private let rows: UnsafeMutablePointer<Int32>
  /// Per cell of `rows` that a sum has outgrown: the amount beyond the cell (the cell's value is its
  /// 32 bits plus this). Empty in every month a real subscriber has.
  private var excess: [Int: Int64] = [:]
  private let rowCount: Int
  /// Units drawn on each allowance slot.
  private let slotUnits: UnsafeMutablePointer<Int64>
  private let slotCount: Int
  /// Per slot, index in `queues` when the slot needs time order (not uniform), else -1.
  private var queueIndex: [Int32]
  private var queues: [AllowanceQueue] = []
  /// The month's per-slot flag, as a pointer: read on every allowance draw.
  private let slotUniform: UnsafePointer<Bool>

  static let stride = 8

  init(context: MonthContext) {
    self.context = context
    rowCount = context.subscriberCount
    let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, rowCount) * Ledger.stride * 4, alignment: 64)
    rows = raw.initializeMemory(as: Int32.self, repeating: 0, count: max(1, rowCount) * Ledger.stride)
    slotCount = context.slotCount
    slotUnits = .allocate(capacity: max(1, slotCount))
    slotUnits.initialize(repeating: 0, count: max(1, slotCount))
    queueIndex = Array(repeating: -1, count: slotCount)
    slotUniform = UnsafePointer(context.views.slotUniform)
  }

  deinit {
    rows.deallocate()
    slotUnits.deallocate()
  }

  /// Reads a subscriber's row: the first touch of a batch, that brings the line into the cache.
  @inline(__always)
  func touch(subscriber: Int) -> Int64 { Int64(rows[subscriber &* Ledger.stride]) }

  /// Where batches leave what they touched, so that the loads are not optimised away.
  var touched: Int64 = 0

  /// Adds a charge that draws on no allowance.
  @inline(__always)
  func add(subscriber: Int, line: UsageLine, li amount: Int64, quantity q: Int64) {
    let row = subscriber &* Ledger.stride
    add(amount, toCell: row &+ line.rawValue)
    add(q, toCell: row &+ 4 &+ line.rawValue)
  }

  /// Adds to one cell of `rows`; a sum past 32 bits moves to `excess`, the cell starting again from 0.
  @inline(__always)
  private func add(_ value: Int64, toCell cell: Int) {
    let sum = Int64(rows[cell]) &+ value
    let small = Int32(truncatingIfNeeded: sum)
    if Int64(small) == sum {
      rows[cell] = small
    } else {
      spill(sum, cell)
    }
  }

  @inline(never)
  private func spill(_ sum: Int64, _ cell: Int) {
    excess[cell, default: 0] &+= sum
    rows[cell] = 0
  }

  /// The whole value of one cell of `rows`.
  @inline(__always)
  private func value(_ cell: Int) -> Int64 {
    excess.isEmpty ? Int64(rows[cell]) : Int64(rows[cell]) &+ (excess[cell] ?? 0)
  }

  /// Adds a base fee that draws on allowance slot `slot` (R20): paid now, or once its turn in time is known.
  @inline(__always)
  func draw(slot: Int, subscriber: Int, use: PendingUse) {
    add(use.units, toCell: subscriber &* Ledger.stride &+ 4 &+ use.line.rawValue)
    slotUnits[slot] &+= use.units
    if slotUniform[slot] { return }  // paid at settlement: price × (units − granted)
    enqueue(slot: slot, subscriber: subscriber, use: use)
  }

  private func enqueue(slot: Int, subscriber: Int, use: PendingUse) {
    var q = queueIndex[slot]
    if q < 0 {
      q = Int32(queues.count)
      queues.append(AllowanceQueue())
      queueIndex[slot] = q
    }
    let granted = context.slotGranted[slot]
    let row = subscriber * Ledger.stride
    queues[Int(q)].add(use, granted: granted) { paid in self.add(paid.units * paid.li, toCell: row + paid.line.rawValue) }
  }

  /// Adds another worker's totals to this one.
  func merge(_ other: Ledger) {
    for i in 0..<(rowCount * Ledger.stride) where other.rows[i] != 0 { add(Int64(other.rows[i]), toCell: i) }
    for (cell, more) in other.excess { excess[cell, default: 0] &+= more }
    for s in 0..<slotCount { slotUnits[s] &+= other.slotUnits[s] }
    for (slot, q) in other.queueIndex.enumerated() where q >= 0 {
      if queueIndex[slot] < 0 {
        queueIndex[slot] = Int32(queues.count)
        queues.append(AllowanceQueue())
      }
      let row = subscriberOf(slot: slot) * Ledger.stride
      queues[Int(queueIndex[slot])].merge(other.queues[Int(q)], granted: context.slotGranted[slot]) { paid in
        self.add(paid.units * paid.li, toCell: row + paid.line.rawValue)
      }
    }
  }

  /// The subscriber owning a slot (binary search over `slotBase`).
  func subscriberOf(slot: Int) -> Int {
    var lo = 0
    var hi = context.subscriberCount - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if Int(context.slotBase[mid]) <= slot { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// A subscriber's usage lines with their allowances spent (R20): li and quantity per line, and units given free per slot.
  /// - Complexity: O(allowance slots + queued uses); allocates only for a subscriber with allowances.
  func settle(subscriber i: Int) -> (li: SIMD4<Int64>, quantity: SIMD4<Int64>, free: [Int64]) {
    let row = i * Ledger.stride
    var lines = SIMD4<Int64>(value(row), value(row + 1), value(row + 2), value(row + 3))
    let q = SIMD4<Int64>(value(row + 4), value(row + 5), value(row + 6), value(row + 7))
    let slots = Int(context.slotBase[i])..<Int(context.slotBase[i + 1])
    guard !slots.isEmpty else { return (lines, q, []) }
    var free: [Int64] = []
    for slot in slots {
      let granted = context.slotGranted[slot]
      let rule = context.slotRule[slot]
      if rule.uniform {
        let given = min(granted, slotUnits[slot])
        lines[rule.line.rawValue] += (slotUnits[slot] - given) * rule.li
        free.append(given)
      } else if queueIndex[slot] >= 0 {
        free.append(queues[Int(queueIndex[slot])].settle(granted: granted) { use, paidUnits in
          lines[use.line.rawValue] += paidUnits * use.li
        })
      } else {
        free.append(0)
      }
    }
    return (lines, q, free)
  }
}
