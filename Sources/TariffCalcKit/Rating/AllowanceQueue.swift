/// One use of an allowance waiting to learn whether it is free: a record's base fee (R20).
struct PendingUse: Sendable {
  /// When the record starts: day ordinal × 86400 + second.
  var time: Int64
  /// Input order for ties: file number << 48 | byte offset of the line.
  var order: UInt64
  /// Minutes or messages.
  var units: Int64
  /// Price per unit, in li.
  var li: Int64
  var line: UsageLine

  @inline(__always)
  static func later(_ a: PendingUse, _ b: PendingUse) -> Bool { (a.time, a.order) > (b.time, b.order) }
}

/// The uses of one allowance that may still be free, as a max-heap on time.
///
/// Records arrive in any order (many files, many workers); R20 wants the
/// allowance spent on the earliest. The queue keeps only the uses that could
/// still get free units: once the units of the earlier uses cover the
/// allowance, the latest use is paid in full and dropped. So it holds at most
/// as many uses as the allowance has units, plus one, however many records
/// the month has; and which uses are free does not depend on arrival order.
struct AllowanceQueue: Sendable {
  private(set) var heap: [PendingUse] = []
  /// Units of the uses in the heap.
  private(set) var units: Int64 = 0

  /// Adds a use; returns the uses that can no longer be free, to be paid in full.
  /// - Complexity: O(log n) per use kept or dropped.
  mutating func add(_ use: PendingUse, granted: Int64, paid: (PendingUse) -> Void) {
    heap.append(use)
    units += use.units
    siftUp(heap.count - 1)
    trim(granted: granted, paid: paid)
  }

  /// Drops the latest uses while the others alone cover the allowance.
  mutating func trim(granted: Int64, paid: (PendingUse) -> Void) {
    while let latest = heap.first, units - latest.units >= granted {
      paid(popLatest())
    }
  }

  /// Adds every use of another queue of the same allowance.
  mutating func merge(_ other: AllowanceQueue, granted: Int64, paid: (PendingUse) -> Void) {
    for use in other.heap {
      heap.append(use)
      units += use.units
      siftUp(heap.count - 1)
    }
    trim(granted: granted, paid: paid)
  }

  /// Spends the allowance on the uses in time order; calls `charge` with each use's paid units.
  /// Returns the units given free.
  func settle(granted: Int64, charge: (PendingUse, Int64) -> Void) -> Int64 {
    var left = granted
    for use in heap.sorted(by: { PendingUse.later($1, $0) }) {
      let free = min(left, use.units)
      left -= free
      charge(use, use.units - free)
    }
    return granted - left
  }

  private mutating func popLatest() -> PendingUse {
    let top = heap[0]
    let last = heap.removeLast()
    units -= top.units
    if !heap.isEmpty {
      heap[0] = last
      siftDown(0)
    }
    return top
  }

  private mutating func siftUp(_ index: Int) {
    var i = index
    while i > 0 {
      let parent = (i - 1) / 2
      guard PendingUse.later(heap[i], heap[parent]) else { return }
      heap.swapAt(i, parent)
      i = parent
    }
  }

  private mutating func siftDown(_ index: Int) {
    var i = index
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var top = i
      if l < heap.count, PendingUse.later(heap[l], heap[top]) { top = l }
      if r < heap.count, PendingUse.later(heap[r], heap[top]) { top = r }
      if top == i { return }
      heap.swapAt(i, top)
      i = top
    }
  }
}
