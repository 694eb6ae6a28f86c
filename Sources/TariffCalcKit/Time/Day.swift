import Foundation

/// A calendar day in Beijing local time (R3), counted from 1970-01-01.
///
/// No time zone, no Foundation: a day is an integer, so that comparing,
/// stepping and subtracting days is exact and fast on the hot path.
public struct Day: Hashable, Comparable, Sendable, Strideable {
  /// Days since 1970-01-01 (negative before).
  public var ordinal: Int32

  public init(ordinal: Int32) { self.ordinal = ordinal }

  /// The day of a proleptic Gregorian date, or `nil` when the date does not exist (2004-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= Day.daysIn(year: year, month: month)
    else { return nil }
    self.ordinal = Int32(Day.daysFromCivil(year: year, month: month, day: day))
  }

  /// Parses `YYYY-MM-DD`.
  public init?(_ text: Substring) {
    let bytes = Array(text.utf8)
    guard bytes.count == 10 else { return nil }
    self.init(isoBytes: bytes[...])
  }

  public init?(_ text: String) { self.init(text[...]) }

  /// Parses the 10 bytes `YYYY-MM-DD`.
  init?<C: RandomAccessCollection>(isoBytes b: C) where C.Element == UInt8, C.Index == Int {
    guard b.count == 10 else { return nil }
    let s = b.startIndex
    guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-"),
      let y = Day.digits(b, s, 4), let m = Day.digits(b, s + 5, 2), let d = Day.digits(b, s + 8, 2)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  static func digits<C: RandomAccessCollection>(_ b: C, _ from: Int, _ count: Int) -> Int? where C.Element == UInt8, C.Index == Int {
    var value = 0
    for i in from..<(from + count) {
      let c = b[i] &- UInt8(ascii: "0")
      guard c < 10 else { return nil }
      value = value * 10 + Int(c)
    }
    return value
  }

  public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }
  public func distance(to other: Day) -> Int { Int(other.ordinal - ordinal) }
  public func advanced(by n: Int) -> Day { Day(ordinal: ordinal + Int32(n)) }

  /// Year, month (1–12) and day of month (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    Day.civilFromDays(Int(ordinal))
  }

  public var year: Int { components.year }
  public var dayOfMonth: Int { components.day }
  public var month: Month { let c = components; return Month(year: c.year, month: c.month)! }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  // Howard Hinnant's days_from_civil / civil_from_days, for the proleptic Gregorian calendar.
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}

extension Day: CustomStringConvertible {
  /// `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    // Ten ASCII digits and dashes written in place: this is on the path of every reject.
    return String(unsafeUninitializedCapacity: 10) { b in
      let digits = [y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10, -1, m / 10, m % 10, -1, d / 10, d % 10]
      for (i, v) in digits.enumerated() { b[i] = v < 0 ? UInt8(ascii: "-") : UInt8(ascii: "0") + UInt8(v) }
      return 10
    }
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}

/// A natural billing month (R2): the 1st 00:00:00 to the last day 24:00:00.
public struct Month: Hashable, Comparable, Sendable {
  // 8 bytes: every subscriber's month activity holds one. The 1st's ordinal and the number of days are
  // worked out once (proration asks for them for every bill). Equality and hashing cover all four fields;
  // the last two follow from the year and the month, so two months are equal when their years and months are.
  private let storedYear: Int16
  private let storedMonth: UInt8
  private let storedDayCount: UInt8
  private let firstOrdinal: Int32

  public var year: Int { Int(storedYear) }
  public var month: Int { Int(storedMonth) }
  public var dayCount: Int { Int(storedDayCount) }

  public init?(year: Int, month: Int) {
    guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
    storedYear = Int16(year)
    storedMonth = UInt8(month)
    storedDayCount = UInt8(Day.daysIn(year: year, month: month))
    firstOrdinal = Int32(Day.daysFromCivil(year: year, month: month, day: 1))
  }

  /// Parses `YYYY-MM`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
      let y = Int(parts[0]), let m = Int(parts[1])
    else { return nil }
    self.init(year: y, month: m)
  }

  public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

  public var firstDay: Day { Day(ordinal: firstOrdinal) }
  public var lastDay: Day { firstDay.advanced(by: dayCount - 1) }
  /// The days of the month, first to last.
  public var days: ClosedRange<Day> { firstDay...lastDay }
  public var next: Month { month == 12 ? Month(year: year + 1, month: 1)! : Month(year: year, month: month + 1)! }
  public var previous: Month { month == 1 ? Month(year: year - 1, month: 12)! : Month(year: year, month: month - 1)! }

  public func contains(_ day: Day) -> Bool {
    let k = Int(day.ordinal) - Int(firstOrdinal)
    return k >= 0 && k < dayCount
  }
}

extension Month: CustomStringConvertible {
  /// `YYYY-MM`.
  public var description: String { "\(Day.pad(year, 4))-\(Day.pad(month, 2))" }
}

extension Day {
  /// Today in Beijing time (UTC+8, R3), whatever the machine's time zone.
  ///
  /// `TARIFFCALC_TODAY=YYYY-MM-DD` sets another day: for tests and for replaying a day at the counter.
  public static func today() -> Day {
    if let text = ProcessInfo.processInfo.environment["TARIFFCALC_TODAY"], let day = Day(text) { return day }
    let seconds = Int(time(nil)) + 8 * 3600
    return Day(ordinal: Int32(seconds / 86400))
  }
}
