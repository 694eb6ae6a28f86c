/// One worker's running totals for the month: per subscriber and usage line, the money and the quantity.
///
/// Flat arrays indexed by subscriber number, so that adding a record is two
/// array writes, with no hashing. Workers each fill their own ledger; the
/// ledgers are then merged (sums of integers: the same whatever the order).
/// - Complexity: memory O(subscribers + allowance slots + queued uses), not O(records).
final class Ledger: @unchecked Sendable {
  // Sendable: a ledger is written by one worker only, and handed over (to be merged or read) once that worker is done.
  let context: MonthContext
  /// Li per subscriber and usage line: `li[subscriber * 4 + line]`.
  private(set) var li: [Int64]
  /// Minutes or messages per subscriber and usage line.
  private(set) var quantity: [Int64]
  /// Units drawn on each allowance slot.
  private(set) var slotUnits: [Int64]
  /// Per slot, index in `queues` when the slot needs time order (not uniform), else -1.
  private var queueIndex: [Int32]
  private var queues: [AllowanceQueue] = []
  /// Records rated into this ledger.
  var rated = 0

  init(context: MonthContext) {
    self.context = context
    li = Array(repeating: 0, count: context.subscriberCount * UsageLine.count)
    quantity = Array(repeating: 0, count: context.subscriberCount * UsageLine.count)
    slotUnits = Array(repeating: 0, count: context.slotCount)
    queueIndex = Array(repeating: -1, count: context.slotCount)
  }

  /// Adds a charge that draws on no allowance.
  @inline(__always)
  func add(subscriber: Int, line: UsageLine, li amount: Int64, quantity q: Int64) {
    let i = subscriber &* UsageLine.count &+ line.rawValue
    li[i] &+= amount
    quantity[i] &+= q
  }

  /// Adds a base fee that draws on allowance slot `slot` (R20): paid now, or once its turn in time is known.
  @inline(__always)
  func draw(slot: Int, subscriber: Int, use: PendingUse) {
    quantity[subscriber &* UsageLine.count &+ use.line.rawValue] &+= use.units
    slotUnits[slot] &+= use.units
    let rule = context.slotRule[slot]
    if rule.uniform { return }  // paid at settlement: price × (units − granted)
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
    queues[Int(q)].add(use, granted: granted) { paid in
      li[subscriber * UsageLine.count + paid.line.rawValue] += paid.units * paid.li
    }
  }

  /// Adds another worker's totals to this one.
  func merge(_ other: Ledger) {
    for i in li.indices {
      li[i] &+= other.li[i]
      quantity[i] &+= other.quantity[i]
    }
    for s in slotUnits.indices { slotUnits[s] &+= other.slotUnits[s] }
    for (slot, q) in other.queueIndex.enumerated() where q >= 0 {
      if queueIndex[slot] < 0 {
        queueIndex[slot] = Int32(queues.count)
        queues.append(AllowanceQueue())
      }
      let subscriber = subscriberOf(slot: slot)
      queues[Int(queueIndex[slot])].merge(other.queues[Int(q)], granted: context.slotGranted[slot]) { paid in
        li[subscriber * UsageLine.count + paid.line.rawValue] += paid.units * paid.li
      }
    }
    rated += other.rated
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
  func settle(subscriber i: Int) -> (li: [Int64], quantity: [Int64], free: [Int64]) {
    var lines = Array(li[(i * UsageLine.count)..<((i + 1) * UsageLine.count)])
    let q = Array(quantity[(i * UsageLine.count)..<((i + 1) * UsageLine.count)])
    var free: [Int64] = []
    for slot in Int(context.slotBase[i])..<Int(context.slotBase[i + 1]) {
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
