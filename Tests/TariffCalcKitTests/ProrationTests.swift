import Testing
@testable import TariffCalcKit

/// R17–R20 swept over every activation and closure day of every month length.
@Suite struct ProrationTests {
  /// February 2003 (28), February 2004 (29, leap), April 2004 (30), March 2004 (31).
  static let months = [Month(year: 2003, month: 2)!, Month(year: 2004, month: 2)!, Month(year: 2004, month: 4)!,
                       Month(year: 2004, month: 3)!]

  /// The oracle for R17: `yuan × 12 / 365 × days` in fen, half-up: (2·n + d) / (2·d) with n/d in fen.
  static func dailyFen(yuan: Int64, days: Int) -> Int64 {
    let n = yuan * 100 * 12 * Int64(days)
    let d: Int64 = 365
    return (2 * n + d) / (2 * d)
  }

  @Test(arguments: months)
  func dailyRentalForEveryActivationDay(month: Month) {
    for day in 1...month.dayCount {
      let start = Day(year: month.year, month: month.month, day: day)!
      let a = MonthActivity(month: month, periodStart: start, periodEnd: nil)
      let days = month.dayCount - day + 1
      #expect(a.activeDays == days)
      // Active every day → the rental itself (R17), else 50 × 12 / 365 × days.
      let expected = day == 1 ? 5000 : Self.dailyFen(yuan: 50, days: days)
      #expect(Proration.fee(Money(li: 50_000), method: .daily, activity: a).fen == expected, "\(start)")
    }
  }

  @Test(arguments: months)
  func dailyRentalForEveryClosureDay(month: Month) {
    for day in 1...month.dayCount {
      let end = Day(year: month.year, month: month.month, day: day)!
      let a = MonthActivity(month: month, periodStart: Day("2003-01-01")!, periodEnd: end)
      let expected = day == month.dayCount ? 2000 : Self.dailyFen(yuan: 20, days: day)
      #expect(Proration.fee(Money(li: 20_000), method: .daily, activity: a).fen == expected, "\(end)")
    }
  }

  /// R18: 1st–15th full, 16th on half; the closure month full.
  @Test(arguments: months)
  func packageRentalForEveryActivationAndClosureDay(month: Month) {
    for day in 1...month.dayCount {
      let d = Day(year: month.year, month: month.month, day: day)!
      let activation = MonthActivity(month: month, periodStart: d, periodEnd: nil)
      #expect(Proration.fee(Money(li: 20_000), method: .package, activity: activation).fen == (day <= 15 ? 2000 : 1000))
      let closure = MonthActivity(month: month, periodStart: Day("2003-01-01")!, periodEnd: d)
      #expect(Proration.fee(Money(li: 20_000), method: .package, activity: closure).fen == 2000)
    }
  }

  /// R20: daily — ceil(units × days / days in month); package — half rounded up from the 16th.
  @Test(arguments: months)
  func allowancesForEveryActivationDay(month: Month) {
    for day in 1...month.dayCount {
      let d = Day(year: month.year, month: month.month, day: day)!
      let a = MonthActivity(month: month, periodStart: d, periodEnd: nil)
      let days = month.dayCount - day + 1
      let daily = (5000 * days + month.dayCount - 1) / month.dayCount
      #expect(Proration.allowance(5000, method: .daily, activity: a) == daily, "\(d)")
      #expect(Proration.allowance(25, method: .package, activity: a) == (day <= 15 ? 25 : 13), "\(d)")
    }
  }

  /// R23: by day before D, never above the month's fee; every as-of day of March for a whole month.
  @Test func asOfForEveryDay() {
    let month = Month(year: 2004, month: 3)!
    let a = MonthActivity(month: month, periodStart: Day("2003-01-01")!, periodEnd: nil)
    for day in 1...31 {
      let asOf = Day(year: 2004, month: 3, day: day)!
      let expected = min(5000, Self.dailyFen(yuan: 50, days: day - 1))
      #expect(Proration.fee(Money(li: 50_000), method: .daily, activity: a, asOf: asOf).fen == expected, "\(asOf)")
    }
  }

  /// The days of an activation and closure in the same month count both ends: 03-10..03-20 = 11 days.
  @Test func activationAndClosureInOneMonth() {
    let month = Month(year: 2004, month: 3)!
    let a = MonthActivity(month: month, periodStart: Day("2004-03-10")!, periodEnd: Day("2004-03-20")!)
    #expect(a.activeDays == 11)
    #expect(Proration.fee(Money(li: 50_000), method: .daily, activity: a).fen == 1808)  // 50×12/365×11 = 18.082
    #expect(Proration.fee(Money(li: 20_000), method: .package, activity: a).fen == 2000)  // activation 10th: full
    #expect(!Proration.assessesMinimum(activity: a, asOf: nil))
  }
}
