/// A slot of a ``NumberTable``: a subscriber's number and what goes with it, in one piece of memory.
protocol NumberSlot {
  /// The number (MSISDN); ``NumberTable/empty`` in a free slot.
  var number: UInt64 { get }
}

/// Slots keyed by subscriber number, in one open-addressing table: the month's number → everything
/// rating needs of the subscriber (``MonthSlot``).
///
/// Built once, then read by every worker without locks. A multiplicative hash mapped onto the capacity
/// (any capacity, no power of two) picks where a number's probe starts; linear probing resolves
/// collisions, so a lookup usually reads one cache line. No `Dictionary`, no `String`, no reference
/// counting on the hot path.
/// - Complexity: memory `MemoryLayout<Slot>.stride × 1.5 × count`.
final class NumberTable<Slot: NumberSlot>: @unchecked Sendable {
  // Sendable: filled in init, then only read.
  static var empty: UInt64 { .max }
  private let slots: UnsafeMutablePointer<Slot>
  let capacity: Int

  /// A table of `entries` (numbers distinct, none `empty`); `free` fills the other slots and must have
  /// the number `empty`.
  init(_ entries: some Collection<Slot>, free: Slot) {
    precondition(free.number == NumberTable.empty, "a free slot's number is `empty`")
    capacity = max(16, entries.count + entries.count / 2)
    slots = .allocate(capacity: capacity)
    slots.initialize(repeating: free, count: capacity)
    let view = self.view
    for entry in entries {
      var at = view.start(of: entry.number)
      while slots[at].number != NumberTable.empty { at = at + 1 == capacity ? 0 : at + 1 }
      slots[at] = entry
    }
  }

  deinit { slots.deallocate() }

  /// The table as a plain value, for the hot path.
  var view: NumberTableView<Slot> { NumberTableView(slots: UnsafePointer(slots), capacity: capacity) }

  /// The slot of a number, or `nil` when it is not in the table.
  func slot(of number: UInt64) -> UnsafePointer<Slot>? { view.slot(of: number) }
}

/// A ``NumberTable`` seen through a pointer: what a worker holds while rating. Valid while its table lives.
struct NumberTableView<Slot: NumberSlot> {
  let slots: UnsafePointer<Slot>
  let capacity: Int

  /// Where a number's probe starts.
  @inline(__always)
  func start(of number: UInt64) -> Int {
    let h = number &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: h.multipliedFullWidth(by: UInt64(capacity)).high)
  }

  /// The slot of a number, or `nil` when it is not in the table.
  /// - Complexity: O(1) expected; usually one cache line.
  @inline(__always)
  func slot(of number: UInt64) -> UnsafePointer<Slot>? {
    var at = start(of: number)
    while true {
      let k = slots[at].number
      if k == number { return slots + at }
      if k == NumberTable<Slot>.empty { return nil }
      at = at &+ 1 == capacity ? 0 : at &+ 1
    }
  }
}

