/// One row of the subscribers file: a subscriber on one plan for a range of days (SPEC 3.2).
///
/// 32 bytes (a book holds one per row: millions): the plan and the line are kept in 32 bits.
public struct PlanPeriod: Sendable, Hashable {
  public var homeArea: AreaCode
  private var planIndex: Int32
  public var start: Day
  /// Closed user group number, 0 for none (R10); names in ``SubscriberBook/groupNames``.
  public var group: Int32
  private var lineNumber: Int32
  /// Last day on the plan (inclusive), `nil` while active.
  public var end: Day?

  /// Index of the plan in ``TariffCatalog/plans``.
  public var plan: Int {
    get { Int(planIndex) }
    set { planIndex = Int32(newValue) }  // a catalog has far fewer plans than 2^31
  }

  /// Line of the subscribers file (the largest 32-bit number for a line past it: 2^31 rows would not fit
  /// in memory anyway).
  public var line: Int {
    get { Int(lineNumber) }
    set { lineNumber = Int32(clamping: newValue) }
  }

  public init(plan: Int, start: Day, end: Day?, homeArea: AreaCode, group: Int32, line: Int) {
    self.homeArea = homeArea
    planIndex = Int32(plan)
    self.start = start
    self.group = group
    lineNumber = Int32(clamping: line)
    self.end = end
  }

  public func contains(_ day: Day) -> Bool { day >= start && (end.map { day <= $0 } ?? true) }

  /// Whether the period has a day in `month`.
  public func meets(_ month: Month) -> Bool { start <= month.lastDay && (end.map { $0 >= month.firstDay } ?? true) }
}

/// Every subscriber and their plan periods, looked up by number.
///
/// Numbers are sorted, so that a subscriber's index is also its place in
/// `bills.jsonl`. Periods of one subscriber never overlap, and a period that
/// follows another starts on a 1st (R4): so at most one period meets any
/// month.
public struct SubscriberBook: Sendable {
  /// The subscribers file, as given.
  public let file: String
  /// Numbers in ascending order; a subscriber's index is its position here.
  public let numbers: [UInt64]
  /// Periods of subscriber i: `periods[firstPeriod[i] ..< firstPeriod[i + 1]]`, by start day.
  public let periods: [PlanPeriod]
  let firstPeriod: [Int32]
  /// Closed user group names; group number g is `groupNames[g - 1]`.
  public let groupNames: [String]

  public var count: Int { numbers.count }

  init(file: String, numbers: [UInt64], periods: [PlanPeriod], firstPeriod: [Int32], groupNames: [String]) {
    self.file = file
    self.numbers = numbers
    self.periods = periods
    self.firstPeriod = firstPeriod
    self.groupNames = groupNames
  }

  /// The index of a number, or `nil` when the number is not a subscriber.
  /// - Complexity: O(log count), by halves of `numbers`: no table of its own (a bill run looks numbers up
  ///   in the month's ``MonthTable``; only the counter's commands ask the book, once each).
  public func index(of number: UInt64) -> Int? {
    let i = MSISDN.firstPlace(in: numbers) { $0 >= number }
    return i < numbers.count && numbers[i] == number ? i : nil
  }

  /// The plan periods of subscriber `index`, by start day.
  public func periods(of index: Int) -> ArraySlice<PlanPeriod> {
    periods[Int(firstPeriod[index])..<Int(firstPeriod[index + 1])]
  }

  /// The period of a subscriber that holds `day`, if any (periods never overlap: at most one does).
  public func period(of index: Int, on day: Day) -> PlanPeriod? {
    periods(of: index).last { $0.contains(day) }
  }

  /// The period of a subscriber that meets `month`, if any (at most one does, R4).
  public func period(of index: Int, in month: Month) -> PlanPeriod? {
    periodIndex(of: index, in: month).map { periods[$0] }
  }

  /// The index in ``periods`` of the period of a subscriber that meets `month`, if any.
  func periodIndex(of index: Int, in month: Month) -> Int? {
    (Int(firstPeriod[index])..<Int(firstPeriod[index + 1])).first { periods[$0].meets(month) }
  }

  /// The first day of the subscriber's first period: the activation (入网) day.
  public func activation(of index: Int) -> Day { periods[Int(firstPeriod[index])].start }

  /// The last day of the last period when it has one: the closure (销号) day.
  public func closure(of index: Int) -> Day? { periods[Int(firstPeriod[index + 1]) - 1].end }

  public func groupName(_ group: Int32) -> String? { group == 0 ? nil : groupNames[Int(group) - 1] }

  /// A book of one subscriber and everyone who shares a closed user group with them (R10 looks no further).
  ///
  /// Rating one subscriber's records needs no one else: a quote or an advice over this book builds its
  /// month in microseconds instead of walking every subscriber.
  public func around(_ index: Int) -> (book: SubscriberBook, index: Int) {
    let own = Set(periods(of: index).map(\.group).filter { $0 != 0 })
    var keep: [Int] = []
    for i in 0..<count where i == index || (!own.isEmpty && periods(of: i).contains { own.contains($0.group) }) {
      keep.append(i)
    }
    var newPeriods: [PlanPeriod] = []
    var first: [Int32] = []
    for i in keep {
      first.append(Int32(newPeriods.count))
      newPeriods += periods(of: i)
    }
    first.append(Int32(newPeriods.count))
    let book = SubscriberBook(file: file, numbers: keep.map { numbers[$0] }, periods: newPeriods, firstPeriod: first,
                              groupNames: groupNames)
    return (book, keep.firstIndex(of: index)!)  // index is kept by construction
  }

  /// The same book with one subscriber's period in `month` moved to another plan
  /// (for re-billing the month on every plan, as `advise` does).
  public func replacingPlan(of index: Int, in month: Month, with plan: Int) -> SubscriberBook {
    var periods = self.periods
    if let p = periodIndex(of: index, in: month) { periods[p].plan = plan }
    return SubscriberBook(file: file, numbers: numbers, periods: periods, firstPeriod: firstPeriod, groupNames: groupNames)
  }
}

extension SubscriberBook {
  /// What to warn about before billing `month` with this book (R25): no subscriber at all, or none with a
  /// day on a plan in the month (the wrong file, or the wrong month).
  public func warning(for month: Month) -> String? {
    if count == 0 { return "\(file): warning: the file holds no subscriber: no bill can be made (R25)" }
    if !(0..<count).contains(where: { periodIndex(of: $0, in: month) != nil }) {
      return "\(file): warning: no subscriber has a plan in \(month): no bill can be made (R25)"
    }
    return nil
  }
}
