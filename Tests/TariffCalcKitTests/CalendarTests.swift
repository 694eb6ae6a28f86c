import Testing
@testable import TariffCalcKit

/// Months and days (R2, R3): a month's first day, length and days.
@Suite struct CalendarTests {
  /// Every month from 1999-01 to 2101-12 against a count kept by hand: 1999-01-01 is day 10,592 since
  /// 1970-01-01 (29 years of 365 days and 7 leap days: 29 × 365 + 7 = 10,592); each month adds its
  /// length: 31, 28 or 29 (leap: divisible by 4, not by 100 unless by 400: 2000 is, 2100 is not), 30.
  @Test func firstDayLengthAndContainsOfEveryMonth() {
    var ordinal: Int32 = 10_592
    for year in 1999...2101 {
      for m in 1...12 {
        let month = Month(year: year, month: m)!
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        #expect(month.firstDay.ordinal == ordinal, "\(month)")
        #expect(month.dayCount == length, "\(month)")
        #expect(month.lastDay.ordinal == ordinal + Int32(length) - 1, "\(month)")
        // The day before the 1st and the day after the last are another month's.
        #expect(!month.contains(Day(ordinal: ordinal - 1)) && month.contains(Day(ordinal: ordinal)), "\(month)")
        #expect(month.contains(Day(ordinal: ordinal + Int32(length) - 1)), "\(month)")
        #expect(!month.contains(Day(ordinal: ordinal + Int32(length))), "\(month)")
        ordinal += Int32(length)
      }
    }
    // 2004-10 (the sample's month): 31 days from 2004-10-01.
    #expect(Month("2004-10")!.firstDay == Day("2004-10-01")! && Month("2004-10")!.dayCount == 31)
    #expect(Month("2004-02")!.lastDay == Day("2004-02-29")!)
  }

  /// A month is 8 bytes (a subscriber's month activity holds one), and equals and hashes as its year
  /// and month, however it was made.
  @Test func monthsMadeTwoWaysAreOne() {
    let a = Month(year: 2004, month: 10)!
    let b = Day("2004-10-17")!.month
    #expect(a == b && a.hashValue == b.hashValue && Set([a, b]).count == 1)
    #expect(Month("2004-09")! < a && a < Month("2005-01")!)
    #expect(MemoryLayout<Month>.size == 8)
    // Month 8, periodStart 4, periodEnd 4 and its flag 1: 17 bytes, every subscriber's (R2, 2 M at a province).
    #expect(MemoryLayout<MonthActivity?>.stride == 20)
  }
}

/// The subscribers loader reads its dates a word at a time (``SubscriberBook/isoDay(_:)``): the same day,
/// or the same refusal, as ``Day/init(isoBytes:)`` for dates of every month length and for every
/// byte value put in every place of them, and for lengths 9 and 11.
@Suite struct LoaderDateTests {
  @Test func sameDaysAsTheGeneralReader() {
    func both(_ bytes: [UInt8]) -> (Day?, Day?) {
      let general = Day(isoBytes: bytes[...])
      let fast = bytes.withUnsafeBytes { SubscriberBook.isoDay(ByteView($0.baseAddress, count: $0.count, lease: nil)) }
      return (general, fast)
    }
    let dates = ["2004-10-01", "2004-02-29", "2003-02-29", "2100-02-29", "2000-02-29", "0001-01-01", "9999-12-31",
                 "2004-04-30", "2004-04-31", "2004-13-01", "2004-00-10", "2004-10-00", "0000-01-01"]
    var days = 0
    for date in dates {
      let bytes = Array(date.utf8)
      let (g, f) = both(bytes)
      #expect(g == f, "\(date)")
      if g != nil { days += 1 }
      for at in 0..<10 {
        for value in 0...255 {
          var changed = bytes
          changed[at] = UInt8(value)
          let (g, f) = both(changed)
          #expect(g == f, "\(date) with byte \(value) at \(at)")
        }
      }
      #expect(both(bytes + [0x30]).1 == nil && both(Array(bytes.dropLast())).1 == nil)
    }
    // 13 dates, of which 7 are not days: 2003-02-29 and 2100-02-29 (not leap years), 2004-04-31, months 13 and 00,
    // day 00, year 0000.
    #expect(days == 13 - 7)
  }
}
