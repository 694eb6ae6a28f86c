/// A subscriber's days on one plan period within one billing month.
public struct MonthActivity: Sendable, Hashable {
  public var month: Month
  /// The period's own first and last day (last `nil` while active). The last day is a plan change's
  /// eve or the subscriber's closure (销号): R4 lets at most one period meet a month.
  public var periodStart: Day
  public var periodEnd: Day?

  public init(month: Month, periodStart: Day, periodEnd: Day?) {
    self.month = month
    self.periodStart = periodStart
    self.periodEnd = periodEnd
  }

  /// First and last day of the month on the period.
  public var firstDay: Day { max(periodStart, month.firstDay) }
  public var lastDay: Day { min(periodEnd ?? month.lastDay, month.lastDay) }

  /// Days of the month on the period, the first and last included.
  public var activeDays: Int { max(0, firstDay.distance(to: lastDay) + 1) }

  /// Days on the period before `day` (for an as-of bill, R23).
  public func activeDays(before day: Day) -> Int {
    let last = min(lastDay, day.advanced(by: -1))
    return max(0, firstDay.distance(to: last) + 1)
  }

  public var isActiveEveryDay: Bool { activeDays == month.dayCount }
  /// The period starts in this month (activation, or a plan change on the 1st).
  public var startsInMonth: Bool { month.contains(periodStart) }
  /// The period ends in this month (closure, or the last month before a plan change), even on its last day.
  public var endsInMonth: Bool { periodEnd.map(month.contains) ?? false }
}

/// An exact amount of money: `numerator / denominator` li, rounded only when it becomes a bill line.
public struct Fraction: Sendable, Hashable {
  public var numerator: Int64
  public var denominator: Int64

  public init(_ numerator: Int64, _ denominator: Int64 = 1) {
    self.numerator = numerator
    self.denominator = denominator
  }

  public static func min(_ a: Fraction, _ b: Fraction) -> Fraction {
    a.numerator * b.denominator <= b.numerator * a.denominator ? a : b
  }

  /// Rounded half-up to fen (R1).
  public var fen: Int64 { Money.roundedToFen(numerator: numerator, denominator: denominator) }
}

/// Monthly fees and allowances in a month with fewer active days (R17–R20, R22, R23).
public enum Proration {
  /// The part of a monthly fee a month owes (R17, R18, R19), exact.
  ///
  /// - Daily (R17 月租日收): the fee in a month active every day; otherwise
  ///   `fee × 12 / 365 × days`, never above the fee.
  /// - Package (R18): the month the period starts, the full fee when it starts
  ///   on the 1st–15th and half from the 16th; every other month the full fee,
  ///   the month of closure included.
  /// - As of day D (R23): `fee × 12 / 365 × active days before D`, never above
  ///   what the whole month owes.
  public static func fee(_ fee: Money, method: ProrationMethod, activity a: MonthActivity, asOf: Day? = nil) -> Fraction {
    let whole: Fraction
    switch method {
    case .daily:
      whole = a.isActiveEveryDay ? Fraction(fee.li) : Fraction.min(Fraction(fee.li), daily(fee, days: a.activeDays))
    case .package:
      whole = a.startsInMonth && a.periodStart.dayOfMonth >= 16 ? Fraction(fee.li, 2) : Fraction(fee.li)
    }
    guard let asOf else { return whole }
    return Fraction.min(whole, daily(fee, days: a.activeDays(before: asOf)))
  }

  /// `fee × 12 / 365 × days` (“50×12/365×实际天数”).
  static func daily(_ fee: Money, days: Int) -> Fraction { Fraction(fee.li * 12 * Int64(days), 365) }

  /// The units of an allowance a month grants (R20): in the rental's proportion, rounded up.
  ///
  /// Daily plans: all of it in a month active every day, else
  /// `ceil(units × days / days in month)`. Package plans: half (rounded up)
  /// when the period starts on the 16th or later, else all. As-of bills use
  /// the whole month's allowance (R23).
  public static func allowance(_ units: Int, method: ProrationMethod, activity a: MonthActivity) -> Int {
    switch method {
    case .daily:
      if a.isActiveEveryDay { return units }
      let n = units * a.activeDays
      let d = a.month.dayCount
      return (n + d - 1) / d
    case .package:
      return a.startsInMonth && a.periodStart.dayOfMonth >= 16 ? (units + 1) / 2 : units
    }
  }

  /// Whether the minimum spend is assessed (R22, “资费生效当月不考核”).
  ///
  /// Only at month close (never as of a day), and only in a month the plan
  /// was in force every day that is neither the month its period started (an
  /// activation, or a plan change takes effect) nor the month it ended (a
  /// closure, or the plan's last month before a change).
  public static func assessesMinimum(activity a: MonthActivity, asOf: Day?) -> Bool {
    asOf == nil && a.isActiveEveryDay && !a.startsInMonth && !a.endsInMonth
  }
}
