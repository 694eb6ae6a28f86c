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

/// What rating and billing need of every subscriber for one month, worked out once before any record.
///
/// Read by every worker at once, never changed: no locks.
final class MonthContext: Sendable {
  let month: Month
  let asOf: Day?
  let catalog: TariffCatalog
  let book: SubscriberBook

  /// Per subscriber: index in `book.periods` of the period meeting the month, or -1.
  let periodIndex: [Int32]
  /// Per subscriber: index in ``terms`` of the monthly terms that apply (those of the tariff in force on
  /// its first day of the month), -1 without a period in the month.
  let termsIndex: [Int32]
  /// The monthly terms of the tariffs some subscriber's month uses.
  let terms: [BillingTerms]
  /// Per subscriber: its days on the plan this month, `nil` without a period in the month.
  let activities: [MonthActivity?]
  /// The subscribers' numbers (those of the book).
  let numbers: [UInt64]
  /// Per subscriber: its first allowance slot; slots `slotBase[i] ..< slotBase[i + 1]`.
  let slotBase: [Int32]
  /// Per slot: units granted this month (R20).
  let slotGranted: [Int64]
  /// Per slot: the subscriber's plan's rule for it.
  let slotRule: [SlotRule]
  /// Per plan: the tariffs in force on some day of the month.
  let planTariffs: [[Tariff]]
  /// Every subscriber's month by number, for the hot path.
  let table: MonthTable
  /// The month's tariffs and allowance slots as plain memory, for the hot path.
  let views: MonthViews

  /// What a bill needs of a tariff: plain values, so that bills can be made on many threads without
  /// touching the shared tariff objects.
  struct BillingTerms: Sendable {
    var planID: String
    var method: ProrationMethod
    /// In line-code order.
    var fees: [(line: LineCode, amount: Money)]
    var minimum: Money?
  }

  /// How an allowance's units are priced once spent.
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

  init(month: Month, asOf: Day?, catalog: TariffCatalog, book: SubscriberBook) {
    self.month = month
    self.asOf = asOf
    self.catalog = catalog
    self.book = book
    let monthRange = DayRange(from: month.firstDay, through: month.lastDay)
    planTariffs = catalog.plans.map { plan in plan.tariffs.filter { $0.range.overlaps(monthRange) } }
    // Per plan and allowance index: uniform pricing or not, looked up once per plan.
    var planRules: [[SlotRule]?] = Array(repeating: nil, count: catalog.plans.count)
    var periodIndex = [Int32](repeating: -1, count: book.count)
    var termsIndex = [Int32](repeating: -1, count: book.count)
    var terms: [BillingTerms] = []
    var termsOf: [ObjectIdentifier: Int32] = [:]
    var activities = [MonthActivity?](repeating: nil, count: book.count)
    var slotBase = [Int32](repeating: 0, count: book.count + 1)
    var slotGranted: [Int64] = []
    var slotRule: [SlotRule] = []
    for i in 0..<book.count {
      slotBase[i] = Int32(slotGranted.count)
      guard let p = book.periodIndex(of: i, in: month) else { continue }
      periodIndex[i] = Int32(p)
      let period = book.periods[p]
      let activity = MonthActivity(month: month, periodStart: period.start, periodEnd: period.end)
      // The loader checked that the plan has a tariff on every day of the period.
      guard let tariff = catalog.plans[period.plan].tariff(on: activity.firstDay) else { continue }
      activities[i] = activity
      if let t = termsOf[ObjectIdentifier(tariff)] {
        termsIndex[i] = t
      } else {
        terms.append(BillingTerms(planID: tariff.planID, method: tariff.method,
                                  fees: tariff.fees.map { ($0.kind.line, $0.amount) }, minimum: tariff.minimum))
        termsIndex[i] = Int32(terms.count - 1)
        termsOf[ObjectIdentifier(tariff)] = termsIndex[i]
      }
      if tariff.allowances.isEmpty { continue }
      if planRules[period.plan] == nil {
        planRules[period.plan] = MonthContext.slotRules(tariff, all: planTariffs[period.plan])
      }
      for (a, allowance) in tariff.allowances.enumerated() {
        slotGranted.append(Int64(Proration.allowance(allowance.units, method: tariff.method, activity: activity)))
        slotRule.append(planRules[period.plan]![a])
      }
    }
    slotBase[book.count] = Int32(slotGranted.count)
    self.periodIndex = periodIndex
    self.termsIndex = termsIndex
    self.terms = terms
    self.activities = activities
    self.numbers = book.numbers
    self.slotBase = slotBase
    self.slotGranted = slotGranted
    self.slotRule = slotRule
    self.table = MonthTable(book: book, month: month, periodIndex: periodIndex, activities: activities)
    self.views = MonthViews(month: month, planTariffs: planTariffs, zoneCount: catalog.cells.zoneCount,
                            slotBase: slotBase, slotUniform: slotRule.map(\.uniform), slotGranted: slotGranted)
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

