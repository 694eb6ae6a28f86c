/// Every subscriber's month, worked out once before any record: the plan period that meets the month,
/// the days on it, and the monthly terms (fees, minimum spend, proration method) of the tariff in force
/// on the subscriber's first day of the month. What rating prices by and what billing closes with.
///
/// Read by every worker at once, never changed: no locks.
final class SubscriberMonths: Sendable {
  let month: Month
  let asOf: Day?
  let catalog: TariffCatalog
  let book: SubscriberBook
  /// Per subscriber: index in `book.periods` of the period meeting the month, or -1.
  let periodIndex: [Int32]
  /// Per subscriber: its days on the plan this month, `nil` without a period in the month.
  let activities: [MonthActivity?]
  /// Per subscriber: the tariff in force on its first day of the month, `nil` without a period.
  let tariffs: [Tariff?]
  /// Per subscriber: index in ``terms`` of its monthly terms, -1 without a period in the month.
  let termsIndex: [Int32]
  /// The monthly terms of the tariffs some subscriber's month uses.
  let terms: [BillingTerms]

  /// What a bill needs of a tariff: plain values, so that bills can be made on many threads without
  /// touching the shared tariff objects.
  struct BillingTerms: Sendable {
    var planID: String
    var method: ProrationMethod
    /// In line-code order.
    var fees: [(line: LineCode, amount: Money)]
    var minimum: Money?
  }

  var count: Int { book.count }

  init(month: Month, asOf: Day?, catalog: TariffCatalog, book: SubscriberBook) {
    self.month = month
    self.asOf = asOf
    self.catalog = catalog
    self.book = book
    var periodIndex = [Int32](repeating: -1, count: book.count)
    var activities = [MonthActivity?](repeating: nil, count: book.count)
    var tariffs = [Tariff?](repeating: nil, count: book.count)
    var termsIndex = [Int32](repeating: -1, count: book.count)
    var terms: [BillingTerms] = []
    var termsOf: [ObjectIdentifier: Int32] = [:]
    // Each plan's last tariff and its terms: the subscribers of a plan share one version in most months,
    // so the dictionary is asked only when a plan's tariff changes from one subscriber to the next.
    var lastOfPlan = [(tariff: ObjectIdentifier, terms: Int32)?](repeating: nil, count: catalog.plans.count)
    for i in 0..<book.count {
      guard let p = book.periodIndex(of: i, in: month) else { continue }
      periodIndex[i] = Int32(p)
      let period = book.periods[p]
      let activity = MonthActivity(month: month, periodStart: period.start, periodEnd: period.end)
      // The loader checked that the plan has a tariff on every day of the period.
      guard let tariff = catalog.plans[period.plan].tariff(on: activity.firstDay) else { continue }
      activities[i] = activity
      tariffs[i] = tariff
      if let last = lastOfPlan[period.plan], last.tariff == ObjectIdentifier(tariff) {
        termsIndex[i] = last.terms
      } else if let t = termsOf[ObjectIdentifier(tariff)] {
        termsIndex[i] = t
        lastOfPlan[period.plan] = (ObjectIdentifier(tariff), t)
      } else {
        terms.append(BillingTerms(planID: tariff.planID, method: tariff.method,
                                  fees: tariff.fees.map { ($0.kind.line, $0.amount) }, minimum: tariff.minimum))
        termsIndex[i] = Int32(terms.count - 1)
        termsOf[ObjectIdentifier(tariff)] = termsIndex[i]
        lastOfPlan[period.plan] = (ObjectIdentifier(tariff), termsIndex[i])
      }
    }
    self.periodIndex = periodIndex
    self.activities = activities
    self.tariffs = tariffs
    self.termsIndex = termsIndex
    self.terms = terms
  }
}
