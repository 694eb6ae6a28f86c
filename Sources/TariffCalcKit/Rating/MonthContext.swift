/// The four usage lines of a bill, the ones records add to, as indexes of a ledger row.
enum UsageLine: Int, CaseIterable {
  case local = 0
  case roaming
  case longDistance
  case sms

  static let count = 4

  init(_ kind: ChargeKind) {
    switch kind {
    case .local: self = .local
    case .roamingProvincial, .roamingNational: self = .roaming
    case .longDistance, .ip: self = .longDistance
    case .sms: self = .sms
    }
  }

  var code: LineCode {
    switch self {
    case .local: .local
    case .roaming: .roaming
    case .longDistance: .longDistance
    case .sms: .sms
    }
  }
}

/// What rating needs of every subscriber for one month, worked out once before any record: their
/// months (``SubscriberMonths``), their allowance slots, the table by number and the tariffs as plain
/// memory for the hot path.
///
/// Read by every worker at once, never changed: no locks.
final class MonthContext: Sendable {
  /// Every subscriber's period, days and monthly terms.
  let months: SubscriberMonths
  var month: Month { months.month }
  var asOf: Day? { months.asOf }
  var catalog: TariffCatalog { months.catalog }
  var book: SubscriberBook { months.book }
  /// The subscribers' numbers (those of the book).
  var numbers: [UInt64] { months.book.numbers }

  /// Per subscriber: its first allowance slot; slots `slotBase[i] ..< slotBase[i + 1]`.
  let slotBase: [Int32]
  /// Per slot: units granted this month (R20).
  let slotGranted: [Int64]
  /// Per slot: the subscriber's plan's rule for it.
  let slotRule: SlotRules
  /// Per plan: the tariffs in force on some day of the month.
  let planTariffs: [[Tariff]]
  /// Every subscriber's month by number, for the hot path.
  let table: MonthTable
  /// The month's tariffs and allowance slots as plain memory, for the hot path.
  let views: MonthViews
  /// The peer's prefix (R6) and the cell's zone (R9) in flat tables, for the hot path.
  let lookup: PeerAndCellLookup

  /// How an allowance's units are priced once spent.
  /// Each slot's rule, kept once per plan and allowance (a slot holds the index of its rule: 4 bytes, not
  /// the rule's 48, for millions of slots).
  struct SlotRules: Sendable {
    let rules: [SlotRule]
    let index: [Int32]
    var count: Int { index.count }
    subscript(slot: Int) -> SlotRule { rules[Int(index[slot])] }
  }

  struct SlotRule: Sendable {
    /// Every record drawing on it costs the same per unit: the order of use cannot change the bill.
    var uniform: Bool
    var li: Int64
    var line: UsageLine
    /// The allowance as written, for the bill: `sms on-net`, and `msg` or `min`.
    var kind: String
    var unit: String
  }

  var subscriberCount: Int { book.count }
  var slotCount: Int { slotGranted.count }

  convenience init(month: Month, asOf: Day?, catalog: TariffCatalog, book: SubscriberBook) {
    self.init(months: SubscriberMonths(month: month, asOf: asOf, catalog: catalog, book: book))
  }

  init(months: SubscriberMonths) {
    self.months = months
    let month = months.month, catalog = months.catalog, book = months.book
    let monthRange = DayRange(from: month.firstDay, through: month.lastDay)
    planTariffs = catalog.plans.map { plan in plan.tariffs.filter { $0.range.overlaps(monthRange) } }
    // Per plan and allowance: where its rule (uniform pricing or not…) is in `rules`, worked out once per plan.
    var planRules: [[Int32]?] = Array(repeating: nil, count: catalog.plans.count)
    var rules: [SlotRule] = []
    var slotBase = [Int32](repeating: 0, count: book.count + 1)
    var slotGranted: [Int64] = []
    var slotRule: [Int32] = []
    for i in 0..<book.count {
      slotBase[i] = Int32(slotGranted.count)
      guard let tariff = months.tariffs[i], let activity = months.activities[i], !tariff.allowances.isEmpty else { continue }
      let plan = book.periods[Int(months.periodIndex[i])].plan
      if planRules[plan] == nil {
        let made = MonthContext.slotRules(tariff, all: planTariffs[plan])
        planRules[plan] = made.indices.map { Int32(rules.count + $0) }
        rules += made
      }
      for (a, allowance) in tariff.allowances.enumerated() {
        slotGranted.append(Int64(Proration.allowance(allowance.units, method: tariff.method, activity: activity)))
        slotRule.append(planRules[plan]![a])
      }
    }
    slotBase[book.count] = Int32(slotGranted.count)
    self.slotBase = slotBase
    self.slotGranted = slotGranted
    self.slotRule = SlotRules(rules: rules, index: slotRule)
    self.table = MonthTable(book: book, month: month, periodIndex: months.periodIndex, activities: months.activities)
    self.lookup = PeerAndCellLookup(numbering: catalog.numbering, cells: catalog.cells)
    self.views = MonthViews(month: month, planTariffs: planTariffs, zoneCount: catalog.cells.zoneCount,
                            slotBase: slotBase, slotUniform: slotRule.map { rules[Int($0)].uniform },
                            slotGranted: slotGranted)
  }

  /// For each allowance of `tariff`: whether all the records that draw on it cost the same per unit.
  private static func slotRules(_ tariff: Tariff, all tariffs: [Tariff]) -> [SlotRule] {
    tariff.allowances.enumerated().map { a, allowance in
      var prices = Set<Int64>()
      var lines = Set<Int>()
      for t in tariffs {
        for (index, cell) in t.table.enumerated() where Int(cell.allowance) == a {
          prices.insert(cell.li)
          lines.insert(UsageLine(ChargeKind(rawValue: t.kind(ofIndex: index))!).rawValue)
        }
      }
      let uniform = prices.count <= 1 && lines.count <= 1
      return SlotRule(uniform: uniform, li: prices.first ?? 0, line: UsageLine(rawValue: lines.first ?? 0)!,
                      kind: allowance.selector.words, unit: allowance.unitWord)
    }
  }

  /// The tariff of a subscriber's plan on a day of the month.
  @inline(__always)
  func tariff(plan: Int, on day: Day) -> Tariff? {
    let ts = planTariffs[plan]
    if ts.count == 1 { return ts[0].range.contains(day) ? ts[0] : nil }
    return ts.first { $0.range.contains(day) }
  }

}

