/// One subscriber's month as the rater needs it, in 32 bytes: one cache line holds two.
struct MonthSlot {
  /// The MSISDN; `MonthTable.empty` for a free slot.
  var key: UInt64
  /// Packed home area (``AreaCode``) of the period in the month (R7).
  var home: UInt64
  /// Index in the subscriber book (and in the ledgers).
  var subscriber: UInt32
  /// Closed user group of the period, 0 for none (R10).
  var group: UInt32
  /// Plan of the period, or `noPlan` when no period meets the month.
  var plan: UInt16
  /// First and last day of the month on the period, 0-based.
  var firstDay: UInt8
  var lastDay: UInt8

  static let noPlan = UInt16.max

  /// Whether the subscriber has a plan on day `d` (0-based) of the month.
  @inline(__always)
  func isActive(onDayOfMonth d: Int) -> Bool {
    plan != MonthSlot.noPlan && d >= Int(firstDay) && d <= Int(lastDay)
  }
}

/// Every subscriber's ``MonthSlot`` in an open-addressing table keyed by number.
///
/// Rating a record asks one question of it: the slot of the record's
/// subscriber, found in the cache line the number hashes to. No `Dictionary`,
/// no `String`, no reference counting; read by all workers, written by none.
/// - Complexity: memory 32 bytes × 1.5 × subscribers.
final class MonthTable: @unchecked Sendable {
  // Sendable: filled in init, then only read.
  static let empty = UInt64.max
  let slots: UnsafeMutablePointer<MonthSlot>
  let capacity: Int

  /// - Parameter activities: each subscriber's days in the month, as the month context worked them out.
  init(book: SubscriberBook, month: Month, periodIndex: [Int32], activities: [MonthActivity?]) {
    capacity = max(16, book.count + book.count / 2)
    slots = .allocate(capacity: capacity)
    slots.initialize(repeating: MonthSlot(key: MonthTable.empty, home: 0, subscriber: 0, group: 0, plan: MonthSlot.noPlan,
                                          firstDay: 0, lastDay: 0), count: capacity)
    let first = month.firstDay
    for i in 0..<book.count {
      var slot = MonthSlot(key: book.numbers[i], home: 0, subscriber: UInt32(i), group: 0, plan: MonthSlot.noPlan,
                           firstDay: 0, lastDay: 0)
      if periodIndex[i] >= 0, let activity = activities[i] {
        let period = book.periods[Int(periodIndex[i])]
        slot.home = period.homeArea.packed
        slot.group = UInt32(bitPattern: period.group)
        slot.plan = UInt16(period.plan)
        slot.firstDay = UInt8(first.distance(to: activity.firstDay))
        slot.lastDay = UInt8(first.distance(to: activity.lastDay))
      }
      var at = position(of: slot.key)
      while slots[at].key != MonthTable.empty { at = at + 1 == capacity ? 0 : at + 1 }
      slots[at] = slot
    }
  }

  deinit { slots.deallocate() }

  private func position(of key: UInt64) -> Int { view.position(of: key) }

  /// The table as plain values, for the hot path.
  var view: MonthTableView { MonthTableView(slots: UnsafePointer(slots), capacity: capacity) }

  /// The slot of a number, or `nil` when it is not a subscriber.
  func slot(of number: UInt64) -> UnsafePointer<MonthSlot>? { view.slot(of: number) }
}

/// A ``MonthTable`` seen through a pointer: what a worker holds while rating.
struct MonthTableView {
  let slots: UnsafePointer<MonthSlot>
  let capacity: Int

  /// Where a number's probe starts: a multiplicative hash mapped onto the capacity (no power of two needed).
  @inline(__always)
  func position(of key: UInt64) -> Int {
    let h = key &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: h.multipliedFullWidth(by: UInt64(capacity)).high)
  }

  /// The slot of a number, or `nil` when it is not a subscriber.
  /// - Complexity: O(1) expected; usually one cache line.
  @inline(__always)
  func slot(of number: UInt64) -> UnsafePointer<MonthSlot>? {
    var at = position(of: number)
    while true {
      let k = slots[at].key
      if k == number { return slots + at }
      if k == MonthTable.empty { return nil }
      at = at &+ 1 == capacity ? 0 : at &+ 1
    }
  }
}
