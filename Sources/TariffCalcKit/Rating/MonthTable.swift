/// One subscriber's month as the rater needs it, in 32 bytes: one cache line holds two.
struct MonthSlot: NumberSlot {
  /// The MSISDN; `MonthTable.empty` for a free slot.
  var number: UInt64
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

/// Every subscriber's ``MonthSlot``, keyed by number: rating a record asks one question of it, the slot
/// of the record's subscriber, found in the cache line the number hashes to; read by all workers,
/// written by none.
/// - Complexity: memory 32 bytes × 1.5 × subscribers.
typealias MonthTable = NumberTable<MonthSlot>

/// A ``MonthTable`` seen through a pointer: what a worker holds while rating.
typealias MonthTableView = NumberTableView<MonthSlot>

extension NumberTable where Slot == MonthSlot {
  /// - Parameter activities: each subscriber's days in the month, as the month context worked them out.
  convenience init(book: SubscriberBook, month: Month, periodIndex: [Int32], activities: [MonthActivity?]) {
    let first = month.firstDay
    let slots = (0..<book.count).map { i in
      var slot = MonthSlot(number: book.numbers[i], home: 0, subscriber: UInt32(i), group: 0, plan: MonthSlot.noPlan,
                           firstDay: 0, lastDay: 0)
      if periodIndex[i] >= 0, let activity = activities[i] {
        let period = book.periods[Int(periodIndex[i])]
        slot.home = period.homeArea.packed
        slot.group = UInt32(bitPattern: period.group)
        slot.plan = UInt16(period.plan)
        slot.firstDay = UInt8(first.distance(to: activity.firstDay))
        slot.lastDay = UInt8(first.distance(to: activity.lastDay))
      }
      return slot
    }
    self.init(slots, free: MonthSlot(number: MonthTable.empty, home: 0, subscriber: 0, group: 0, plan: MonthSlot.noPlan,
                                     firstDay: 0, lastDay: 0))
  }
}
